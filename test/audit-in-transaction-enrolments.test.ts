import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrolHouseholdInProgrammeAction } from '@/app/(app)/households/[id]/actions';
import { recordDeathAction } from '@/app/(app)/members/[id]/actions';
import {
  bulkEnrolAction,
  endEnrolmentAction,
  paymentDetailsAction,
  reactivateEnrolmentAction,
  suspendEnrolmentAction,
} from '@/app/(app)/programmes/[id]/enrolments/actions';
import { db } from '@/db/client';
import { auditLog, benefitEnrolments, members, registryOutbox } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { enrol } from '@/lib/programmes/enrolment';
import { emptyPaymentDetails, enrolmentToday } from '@/lib/programmes/enrolment-schemas';
import { ownerDb } from './helpers/owner';
import { adminOf, householdOf, programmeOf } from './helpers/enrolments';
import { signInAs } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';

// Every benefit enrolment change writes its audit rows (and its registry outbox rows) in its own
// transaction: when the change does not commit, neither does any of them. As in
// test/audit-in-transaction.test.ts, a deferred constraint trigger makes the change fail at COMMIT,
// after everything was written; an audit row written outside the change's transaction would be
// left behind (PostgreSQL) or wait forever for it (PGlite: the test times out).

const SAVE_TIMEOUT = 8_000;
let actor: OperatorUser;
let programme: string;

beforeAll(async () => {
  await ensureUnits();
  actor = await adminOf();
  programme = await programmeOf(actor);
  const statements = [
    'create table test_fail_enrolment_commit (id uuid primary key)',
    `create function test_fail_enrolments() returns trigger language plpgsql as $$
     begin
       if exists (select 1 from test_fail_enrolment_commit where id in (new.id, new.household_id)) then
         raise exception 'test: enrolment % fails at commit', new.id;
       end if;
       return null;
     end $$`,
    `create constraint trigger test_fail_enrolment_commit after insert or update on benefit_enrolments
       deferrable initially deferred for each row execute function test_fail_enrolments()`,
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

beforeEach(async () => {
  await signInAs(actor.id);
});

async function failAtCommit(id: string) {
  await db().execute(sql`insert into test_fail_enrolment_commit (id) values (${id}::uuid)`);
}

async function counts() {
  const [a] = await db().select({ n: count() }).from(auditLog);
  const [o] = await db().select({ n: count() }).from(registryOutbox);
  return { audit: a!.n, outbox: o!.n };
}

async function failsWithoutTrace(save: () => Promise<{ ok: boolean }>) {
  const before = await counts();
  expect(await save()).toMatchObject({ ok: false, code: 'INTERNAL' });
  expect(await counts()).toEqual(before);
}

async function enrolled() {
  const { household, head, spouse } = await householdOf(actor.operatorId);
  const { id } = await enrol(actor, { programmeId: programme, householdId: household.id, memberId: '' });
  return { id, household, head, spouse };
}

describe('a benefit enrolment change that fails at commit leaves no audit or outbox row', () => {
  it(
    'enrolling one household',
    async () => {
      const { household } = await householdOf(actor.operatorId);
      await failAtCommit(household.id);
      await failsWithoutTrace(() =>
        enrolHouseholdInProgrammeAction({ programmeId: programme, householdId: household.id, memberId: '' }),
      );
      expect(
        await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.householdId, household.id)),
      ).toEqual([]);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'bulk enrolment',
    async () => {
      const own = await programmeOf(actor);
      const { household } = await householdOf(actor.operatorId);
      await failAtCommit(household.id);
      await failsWithoutTrace(() => bulkEnrolAction({ programmeId: own, source: 'eligibility' }));
      expect(await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.programmeId, own))).toEqual([]);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'suspending, reactivating, ending and payment details',
    async () => {
      const today = enrolmentToday();
      const saves = [
        (id: string) => suspendEnrolmentAction({ enrolmentId: id, version: 1, reason: 'Away', date: today }),
        (id: string) =>
          endEnrolmentAction({ enrolmentId: id, version: 1, outcome: 'exited', reason: 'Moved', date: today }),
        (id: string) =>
          paymentDetailsAction({
            enrolmentId: id,
            version: 1,
            ...emptyPaymentDetails(),
            channel: 'cash_pickup',
            paymentPoint: 'Office',
          }),
      ];
      for (const save of saves) {
        const { id } = await enrolled();
        await failAtCommit(id);
        await failsWithoutTrace(() => save(id));
      }
      const { id } = await enrolled();
      await db().update(benefitEnrolments).set({ status: 'suspended' }).where(eq(benefitEnrolments.id, id));
      await failAtCommit(id);
      await failsWithoutTrace(() => reactivateEnrolmentAction({ enrolmentId: id, version: 1 }));
      expect((await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.id, id)))[0]!.status).toBe(
        'suspended',
      );
    },
    SAVE_TIMEOUT * 4,
  );

  it(
    "a death: the member's status and the ended enrolments stay as they were",
    async () => {
      const { household, spouse } = await enrolled();
      const own = await enrol(actor, { programmeId: programme, householdId: household.id, memberId: spouse.id });
      await failAtCommit(own.id);
      await failsWithoutTrace(() => recordDeathAction({ memberId: spouse.id, deathDate: '2025-01-02' }));
      const rows = await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.householdId, household.id));
      expect(rows.map((r) => r.status)).toEqual(['active', 'active']);
      const [m] = await db().select().from(members).where(eq(members.id, spouse.id));
      expect(m!.status).toBe('active');
    },
    SAVE_TIMEOUT * 2,
  );
});
