import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeHeadAction, updateHouseholdAction } from '@/app/(app)/households/[id]/actions';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import {
  moveMemberAction,
  recordDeathAction,
  recordExitAction,
  updateMemberAction,
} from '@/app/(app)/members/[id]/actions';
import { resolveReviewAction } from '@/app/(app)/registry-sync/actions';
import { db } from '@/db/client';
import { auditLog, households, registryReviews } from '@/db/schema';
import { householdFormValues, memberFormValues } from '@/lib/records/form-values';
import { ownerDb } from './helpers/owner';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree } from './helpers/households';
import { auditOf, enrolAs, memberRow } from './helpers/records';

// Every change writes its audit row in its own transaction: when the change does not commit, there
// is no audit row either. Each test makes a change fail at COMMIT — after its audit rows were
// inserted — with a deferred constraint trigger on the changed table, and checks that no audit row
// of it is left. An audit row written through db() instead of the change's `tx`:
// - on PostgreSQL (TEST_DATABASE_URL, as CI) goes through another connection of the pool and
//   commits on its own, so it is still there after the change failed: the assertions fail;
// - on PGlite (one connection) waits for the change's transaction, which waits for it: the save
//   never returns and the test fails on its timeout (kept short here so that this is quick).
// Both ways a broken rule fails these tests, so they run on both.

const MARK = 'fail at commit (test)';
const SAVE_TIMEOUT = 8_000;

let officer: string;
let operatorId: string;

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
  officer = (await makeUser({ operatorId, roles: ['enrolment_officer', 'operator_admin'] })).id;
  const statements = [
    'create table test_fail_at_commit (id uuid primary key)',
    `create function test_fail_households() returns trigger language plpgsql as $$
     begin
       if new.notes = '${MARK}' or exists (select 1 from test_fail_at_commit where id = new.id) then
         raise exception 'test: % % fails at commit', tg_table_name, new.id;
       end if;
       return null;
     end $$`,
    `create function test_fail_rows() returns trigger language plpgsql as $$
     begin
       if exists (select 1 from test_fail_at_commit where id = new.id) then
         raise exception 'test: % % fails at commit', tg_table_name, new.id;
       end if;
       return null;
     end $$`,
    ...[
      ['households', 'test_fail_households'],
      ['members', 'test_fail_rows'],
      ['registry_reviews', 'test_fail_rows'],
    ].map(
      ([table, fn]) =>
        `create constraint trigger test_fail_at_commit after insert or update on ${table}
       deferrable initially deferred for each row execute function ${fn}()`,
    ),
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

beforeEach(async () => {
  await signInAs(officer);
});

/** The next change of this row fails when it commits. */
async function failAtCommit(id: string) {
  await db().execute(sql`insert into test_fail_at_commit (id) values (${id}::uuid)`);
}

async function auditCount() {
  const [r] = await db().select({ n: count() }).from(auditLog);
  return r!.n;
}

/** Runs a save that must fail at commit; checks it failed and left no audit row anywhere. */
async function failsWithoutAudit(save: () => Promise<{ ok: boolean }>) {
  const before = await auditCount();
  const res = await save();
  expect(res).toMatchObject({ ok: false, code: 'INTERNAL' });
  expect(await auditCount()).toBe(before);
}

describe('a change that fails at commit leaves no audit row', () => {
  it(
    'enrolment, with a Khmer ID override and confirmed similar people (every audit row of enrolment)',
    async () => {
      const first = await enrolAs(officer);
      // The same people again (similar, confirmed) and the head's Khmer ID (overridden by the administrator).
      const input = householdOfThree({ notes: MARK });
      input.members[0] = { ...input.members[0]!, khmerId: first.head.khmerId! };
      await failsWithoutAudit(() =>
        enrolHouseholdAction({ ...input, confirmSimilar: true, khmerIdOverrideReason: 'Two cards with one number' }),
      );
      expect(await db().select().from(households).where(eq(households.notes, MARK))).toEqual([]);
      const left = await db()
        .select()
        .from(auditLog)
        .where(sql`${auditLog.after}->>'notes' = ${MARK}`);
      expect(left).toEqual([]);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'household edit',
    async () => {
      const { householdId } = await enrolAs(officer);
      const [h] = await db().select().from(households).where(eq(households.id, householdId));
      await failAtCommit(householdId);
      await failsWithoutAudit(() =>
        updateHouseholdAction({
          householdId,
          version: 1,
          household: { ...householdFormValues(h!), notes: 'not kept' },
        }),
      );
      expect((await auditOf(householdId)).map((a) => a.action)).not.toContain('household.update');
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'member edit',
    async () => {
      const { spouse } = await enrolAs(officer);
      await failAtCommit(spouse.id);
      await failsWithoutAudit(() =>
        updateMemberAction({
          memberId: spouse.id,
          version: 1,
          member: { ...memberFormValues(spouse), givenNameLatin: 'Notkept' },
        }),
      );
      expect((await auditOf(spouse.id)).map((a) => a.action)).toEqual(['member.create']);
      expect(await memberRow(spouse.id)).toMatchObject({ version: 1, givenNameLatin: 'Sophea' });
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'death',
    async () => {
      const { spouse } = await enrolAs(officer);
      await failAtCommit(spouse.id);
      await failsWithoutAudit(() => recordDeathAction({ memberId: spouse.id, deathDate: '2024-01-02' }));
      expect((await auditOf(spouse.id)).map((a) => a.action)).toEqual(['member.create']);
      expect(await memberRow(spouse.id)).toMatchObject({ status: 'active', version: 1 });
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'exit',
    async () => {
      const { spouse } = await enrolAs(officer);
      await failAtCommit(spouse.id);
      await failsWithoutAudit(() =>
        recordExitAction({ memberId: spouse.id, exitDate: '2024-01-02', reason: 'Moved abroad' }),
      );
      expect((await auditOf(spouse.id)).map((a) => a.action)).toEqual(['member.create']);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'move',
    async () => {
      const from = await enrolAs(officer);
      const to = await enrolAs(officer);
      await failAtCommit(from.child.id);
      await failsWithoutAudit(() =>
        moveMemberAction({ memberId: from.child.id, householdCode: to.code, relationship: 'other_relative' }),
      );
      expect((await auditOf(from.child.id)).map((a) => a.action)).toEqual(['member.create']);
      expect(await memberRow(from.child.id)).toMatchObject({ householdId: from.householdId });
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'head change',
    async () => {
      const { householdId, head, spouse } = await enrolAs(officer);
      await failAtCommit(spouse.id);
      await failsWithoutAudit(() =>
        changeHeadAction({ householdId, newHeadId: spouse.id, formerHeadRelationship: 'spouse' }),
      );
      expect((await auditOf(householdId)).map((a) => a.action)).not.toContain('household.head_change');
      expect((await auditOf(head.id)).map((a) => a.action)).toEqual(['member.create']);
      expect((await auditOf(spouse.id)).map((a) => a.action)).toEqual(['member.create']);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'registry review decision',
    async () => {
      const { head } = await enrolAs(officer);
      for (const decision of ['link', 'dismiss', 'correct'] as const) {
        const [review] = await db()
          .insert(registryReviews)
          .values({
            memberId: head.id,
            operatorId,
            referenceId: `${head.id}.test-${decision}`,
            reasonCode: 'pdng.dedup.review',
            candidateSpid: null,
          })
          .returning();
        await failAtCommit(review!.id);
        await failsWithoutAudit(() => resolveReviewAction({ reviewId: review!.id, decision }));
        expect((await auditOf(head.id)).map((a) => a.action)).toEqual(['member.create']);
        const [still] = await db().select().from(registryReviews).where(eq(registryReviews.id, review!.id));
        expect(still).toMatchObject({ status: 'open', resolvedBy: null });
      }
      expect(await memberRow(head.id)).toMatchObject({ version: 1 });
    },
    SAVE_TIMEOUT * 4,
  );

  it('and the same changes commit with their audit rows when nothing fails (the trigger only fails marked rows)', async () => {
    const { householdId, spouse } = await enrolAs(officer);
    expect(await recordDeathAction({ memberId: spouse.id, deathDate: '2024-01-02' })).toMatchObject({ ok: true });
    expect((await auditOf(spouse.id)).map((a) => a.action)).toEqual(['member.create', 'member.death']);
    expect((await auditOf(householdId)).map((a) => a.action)).not.toContain('household.update');
  });
});
