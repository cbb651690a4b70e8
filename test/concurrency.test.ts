import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateHouseholdAction } from '@/app/(app)/households/[id]/actions';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { updateMemberAction } from '@/app/(app)/members/[id]/actions';
import { db, dbHandle } from '@/db/client';
import { auditLog, households, members } from '@/db/schema';
import { householdFormValues, memberFormValues } from '@/lib/records/form-values';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree, khmerId, member, VILLAGE_ELSEWHERE } from './helpers/households';
import { csvOf, household, importFile } from './helpers/imports';
import { enrolAs, memberRow } from './helpers/records';
import { ownerDb } from './helpers/owner';

// Two people saving at the same moment. These tests mean something only on PostgreSQL: PGlite is one
// connection and runs one transaction at a time, so two "simultaneous" saves there are simply one
// after the other and every race is won by whoever came first — a test of a race would pass there
// whether or not the code guards against it. CI sets TEST_DATABASE_URL, so they run there (the
// test helpers open a pool of 5 connections per test file). The sequential stale-save case is in
// test/records-edit.test.ts and runs everywhere.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let officer: string;
beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
});

/**
 * A gate that makes the interleaving certain instead of likely: while the test holds it, every
 * insert or update of a member or household waits in a trigger. Both saves are started, the test
 * waits until both are blocked (each on the gate, on a row lock, or on the Khmer ID lock), then
 * opens the gate. Without it, the first save could commit before the second one read anything and
 * the test would pass without exercising the race.
 */
const GATE = 7_340_001;
let gateConn: postgres.Sql | undefined;

// The gates are the test's own triggers: DDL, as the owner (the saves run as the app role).
async function installGate() {
  await ownerDb().execute(
    sql.raw(`
    create or replace function test_gate() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock_shared(${GATE}); return new; end $$`),
  );
  await ownerDb().execute(
    sql.raw(
      'create or replace trigger test_gate before insert or update on members for each row execute function test_gate()',
    ),
  );
  await ownerDb().execute(
    sql.raw(
      'create or replace trigger test_gate before update on households for each row execute function test_gate()',
    ),
  );
}

async function waitingOnLocks(n: number) {
  const until = Date.now() + 15_000;
  for (;;) {
    const rows = await gateConn!<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`;
    if (rows[0]!.n >= n) return;
    if (Date.now() > until) throw new Error(`only ${rows[0]!.n} of ${n} saves are waiting`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs the saves with the gate closed until all of them are blocked (two waiters), then opens it. */
async function atOnce<T>(saves: (() => Promise<T>)[]): Promise<T[]> {
  await gateConn!`select pg_advisory_lock(${GATE})`;
  const running = saves.map((s) => s());
  try {
    await waitingOnLocks(saves.length);
  } finally {
    await gateConn!`select pg_advisory_unlock(${GATE})`;
  }
  return Promise.all(running);
}

describe.runIf(onPostgres)('on PostgreSQL, two saves at the same moment', () => {
  beforeAll(async () => {
    const h = dbHandle();
    if (h.kind !== 'postgres') throw new Error('PostgreSQL expected');
    gateConn = postgres(h.url, { max: 1, onnotice: () => {} });
    await installGate();
  });
  afterAll(async () => {
    await gateConn?.end();
  });

  it('of one member from the same version: exactly one saves, the other gets the conflict', async () => {
    // The child has no Khmer ID, so no Khmer ID lock orders the two: only the version check in the UPDATE does.
    const { child } = await enrolAs(officer);
    const loaded = memberFormValues(child);
    await signInAs(officer);
    const results = await atOnce(
      ['BC-A', 'BC-B'].map(
        (no) => () =>
          updateMemberAction({ memberId: child.id, version: 1, member: { ...loaded, birthCertificateNo: no } }),
      ),
    );
    expect(
      results.filter((r) => r.ok),
      JSON.stringify(results),
    ).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'CONFLICT')).toHaveLength(1);
    const winner = results.findIndex((r) => r.ok);
    expect(await memberRow(child.id)).toMatchObject({ version: 2, birthCertificateNo: ['BC-A', 'BC-B'][winner] });
  });

  it('of one household from the same version: exactly one saves, the other gets the conflict', async () => {
    const { householdId } = await enrolAs(officer);
    const [row] = await db().select().from(households).where(eq(households.id, householdId));
    const loaded = householdFormValues(row!);
    await signInAs(officer);
    const results = await atOnce(
      ['Gate A', 'Gate B'].map(
        (notes) => () => updateHouseholdAction({ householdId, version: 1, household: { ...loaded, notes } }),
      ),
    );
    expect(
      results.filter((r) => r.ok),
      JSON.stringify(results),
    ).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'CONFLICT')).toHaveLength(1);
    const [after] = await db().select().from(households).where(eq(households.id, householdId));
    expect(after).toMatchObject({ version: 2, notes: ['Gate A', 'Gate B'][results.findIndex((r) => r.ok)] });
  });

  it('enrolling the same new Khmer ID: exactly one is saved, the other gets the duplicate answer', async () => {
    await signInAs(officer);
    const id = khmerId();
    const enrol = (surnameKm: string) => () =>
      enrolHouseholdAction({
        ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
        confirmSimilar: true,
        members: [member({ surnameKm, givenNameKm: 'ស្រី', khmerId: id })],
      });
    const results = await atOnce([enrol('ទី១'), enrol('ទី២')]);
    const statuses = results.map((r) => (r.ok ? r.data.status : r.code));
    expect(statuses.sort(), JSON.stringify(results)).toEqual(['duplicates', 'saved']);
    const holders = await db().select({ id: members.id }).from(members).where(eq(members.khmerId, id));
    expect(holders).toHaveLength(1);
    const refused = results.find((r) => r.ok && r.data.status === 'duplicates');
    if (!refused?.ok || refused.data.status !== 'duplicates') throw new Error('expected a duplicate answer');
    expect(refused.data.sameKhmerId.map((c) => c.memberId)).toEqual([holders[0]!.id]);
  });

  it('enrolling the same new Khmer ID, ten times without the gate: never two holders', async () => {
    await signInAs(officer);
    for (let i = 0; i < 10; i += 1) {
      const id = khmerId();
      const enrol = () =>
        enrolHouseholdAction({
          ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
          confirmSimilar: true,
          members: [member({ surnameKm: 'ស្រី', givenNameKm: `ទី${i}`, khmerId: id })],
        });
      const results = await Promise.all([enrol(), enrol()]);
      const statuses = results.map((r) => (r.ok ? r.data.status : r.code));
      expect(statuses.sort(), JSON.stringify(results)).toEqual(['duplicates', 'saved']);
    }
  });

  it('giving two members the same new Khmer ID: exactly one saves, the other is told it is taken', async () => {
    const a = await enrolAs(officer);
    const b = await enrolAs(officer);
    await signInAs(officer);
    const id = khmerId();
    const results = await atOnce(
      [a.child, b.child].map(
        (m) => () =>
          updateMemberAction({ memberId: m.id, version: 1, member: { ...memberFormValues(m), khmerId: id } }),
      ),
    );
    expect(
      results.filter((r) => r.ok),
      JSON.stringify(results),
    ).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      code: 'INVALID',
      fieldErrors: { 'member.khmerId': ['khmerIdTaken'] },
    });
    expect(await db().select({ id: members.id }).from(members).where(eq(members.khmerId, id))).toHaveLength(1);
  });

  it('enrolling and editing another member to the same new Khmer ID: only one holds it', async () => {
    const a = await enrolAs(officer);
    await signInAs(officer);
    const id = khmerId();
    const results = await atOnce<{ ok: boolean }>([
      () =>
        updateMemberAction({ memberId: a.child.id, version: 1, member: { ...memberFormValues(a.child), khmerId: id } }),
      () =>
        enrolHouseholdAction({
          ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
          confirmSimilar: true,
          members: [member({ surnameKm: 'ឈឿន', khmerId: id })],
        }),
    ]);
    expect(
      await db().select({ id: members.id }).from(members).where(eq(members.khmerId, id)),
      JSON.stringify(results),
    ).toHaveLength(1);
  });

  it('an import batch and an enrolment of the same new Khmer ID: the enrolment waits for the batch and gets the duplicate answer', async () => {
    await signInAs(officer);
    const rows = household('RACE', VILLAGE_ELSEWHERE);
    const id = rows[0]!.khmer_id!;
    // The import's own duplicate check has run (nothing found) when its batch inserts the members and waits at the gate.
    const [job, enrolled] = await atOnce<unknown>([
      () => importFile(csvOf(rows)),
      async () => {
        await waitingOnLocks(1);
        return enrolHouseholdAction({
          ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
          confirmSimilar: true,
          members: [member({ surnameKm: 'ឈឿន', khmerId: id })],
        });
      },
    ]);
    expect(job).toMatchObject({ status: 'done', createdMembers: 3 });
    expect(enrolled, JSON.stringify(enrolled)).toMatchObject({ ok: true, data: { status: 'duplicates' } });
    expect(await db().select({ id: members.id }).from(members).where(eq(members.khmerId, id))).toHaveLength(1);
  });

  it('an enrolment that commits after the import checked the file but before its batch: the batch holds that household back', async () => {
    await signInAs(officer);
    const rows = household('LATE', VILLAGE_ELSEWHERE);
    const id = rows[0]!.khmer_id!;
    // A second gate, on the job's first update after its duplicate check (status stays "importing"):
    // the enrolment below runs in that window, when the file has been checked and nothing is written.
    const AFTER_CHECK = GATE + 1;
    await ownerDb().execute(
      sql.raw(`
      create or replace function test_after_check() returns trigger language plpgsql as $$
      begin perform pg_advisory_xact_lock_shared(${AFTER_CHECK}); return new; end $$`),
    );
    await ownerDb().execute(
      sql.raw(`create or replace trigger test_after_check before update on import_jobs for each row
      when (old.status = 'importing' and new.status = 'importing') execute function test_after_check()`),
    );
    await gateConn!`select pg_advisory_lock(${AFTER_CHECK})`;
    let job: Promise<{ status: string; createdMembers: number }>;
    let enrolled: unknown;
    try {
      job = importFile(csvOf(rows));
      await waitingOnLocks(1);
      enrolled = await enrolHouseholdAction({
        ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
        confirmSimilar: true,
        members: [member({ surnameKm: 'ឈឿន', khmerId: id })],
      });
    } finally {
      await gateConn!`select pg_advisory_unlock(${AFTER_CHECK})`;
      await ownerDb().execute(sql.raw('drop trigger if exists test_after_check on import_jobs'));
    }
    expect(enrolled).toMatchObject({ ok: true, data: { status: 'saved' } });
    expect(await job).toMatchObject({ status: 'done', createdMembers: 0 });
    expect(await db().select({ id: members.id }).from(members).where(eq(members.khmerId, id))).toHaveLength(1);
  });

  // Four: the test's pool has five connections, one of them the gate's.
  it('four enrolments of one operator at once: each household gets its own code, one after another', async () => {
    await signInAs(officer);
    const results = await atOnce(
      Array.from({ length: 4 }, () => () => enrolHouseholdAction({ ...householdOfThree(), confirmSimilar: true })),
    );
    const saved = results.map((r) => (r.ok && r.data.status === 'saved' ? r.data : null));
    expect(saved.every(Boolean), JSON.stringify(results)).toBe(true);
    const numbers = saved.map((s) => Number(s!.code.split('-').at(-1))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(3);
    expect(new Set(numbers).size).toBe(4);
    for (const s of saved) {
      const [row] = await db()
        .select({ code: households.code })
        .from(households)
        .where(eq(households.id, s!.householdId));
      expect(row!.code).toBe(s!.code);
      // The audit trail records the household with its own code, not the provisional one.
      const [created] = await db()
        .select({ after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, s!.householdId), eq(auditLog.action, 'household.create')));
      expect(created!.after).toMatchObject({ code: s!.code });
    }
  });
});
