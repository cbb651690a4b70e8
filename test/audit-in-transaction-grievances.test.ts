import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assignGrievanceAction,
  commentGrievanceAction,
  moveGrievanceAction,
  reopenGrievanceAction,
} from '@/app/(app)/grievances/[id]/actions';
import { createGrievanceAction } from '@/app/(app)/grievances/new/actions';
import { addHolidayAction, removeHolidayAction, saveCategoryAction } from '@/app/(app)/grievances/settings/actions';
import { db } from '@/db/client';
import { auditLog, grievanceEvents, grievances, operatorHolidays } from '@/db/schema';
import { ensureCategories } from '@/lib/grievances/categories';
import { escalateBreached } from '@/lib/grievances/escalation';
import { emptyGrievance } from '@/lib/grievances/schemas';
import { ownerDb } from './helpers/owner';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { categoryId, insertGrievance } from './helpers/grievances';

// The grievance writes keep their audit row in their own transaction (as test/audit-in-transaction.test.ts
// does for the register): each change is made to fail at COMMIT, after its audit rows were written, by a
// deferred constraint trigger; no audit row of it may survive. On PGlite an audit row written outside
// the transaction would wait for it forever: the short timeout fails the test then.

const MARK = 'fail at commit (test)';
const SAVE_TIMEOUT = 8_000;

let officer: string;
let operatorId: string;

beforeAll(async () => {
  operatorId = (await makeOperator()).id;
  officer = (await makeUser({ operatorId, roles: ['grievance_officer', 'operator_admin'] })).id;
  await ensureCategories(db(), { operatorId });
  const statements = [
    'create table test_fail_at_commit (id uuid primary key)',
    `create function test_fail_grievances() returns trigger language plpgsql as $$
     begin
       if new.description = '${MARK}' or exists (select 1 from test_fail_at_commit where id = new.id) then
         raise exception 'test: grievance % fails at commit', new.id;
       end if;
       return null;
     end $$`,
    `create function test_fail_named() returns trigger language plpgsql as $$
     begin
       if new.name_en = '${MARK}' then
         raise exception 'test: % fails at commit', tg_table_name;
       end if;
       return null;
     end $$`,
    // Holidays: an added day named MARK in Khmer fails; removing a day named MARK in English fails.
    `create function test_fail_holidays() returns trigger language plpgsql as $$
     begin
       if (tg_op = 'DELETE' and old.name_en = '${MARK}') or (tg_op <> 'DELETE' and new.name_km = '${MARK}') then
         raise exception 'test: holiday fails at commit';
       end if;
       return null;
     end $$`,
    `create function test_fail_events() returns trigger language plpgsql as $$
     begin
       if new.body = '${MARK}' then raise exception 'test: event fails at commit'; end if;
       return null;
     end $$`,
    `create constraint trigger test_fail_at_commit after insert or update on grievances
       deferrable initially deferred for each row execute function test_fail_grievances()`,
    `create constraint trigger test_fail_at_commit after insert or update on grievance_categories
       deferrable initially deferred for each row execute function test_fail_named()`,
    `create constraint trigger test_fail_at_commit after insert or update or delete on operator_holidays
       deferrable initially deferred for each row execute function test_fail_holidays()`,
    `create constraint trigger test_fail_at_commit after insert on grievance_events
       deferrable initially deferred for each row execute function test_fail_events()`,
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

beforeEach(async () => {
  await signInAs(officer);
});

async function failAtCommit(id: string) {
  await db().execute(sql`insert into test_fail_at_commit (id) values (${id}::uuid)`);
}

async function auditCount() {
  const [r] = await db().select({ n: count() }).from(auditLog);
  return r!.n;
}

/** The change fails (at commit) and leaves no audit row behind. */
async function expectNoAudit(change: () => Promise<unknown>) {
  const before = await auditCount();
  const res = await change();
  expect(res).toMatchObject({ ok: false, code: 'INTERNAL' });
  expect(await auditCount()).toBe(before);
}

describe('grievance writes: the audit row commits with the change or not at all', () => {
  it('intake', { timeout: SAVE_TIMEOUT }, async () => {
    await expectNoAudit(async () =>
      createGrievanceAction({
        ...emptyGrievance,
        complainantKind: 'anonymous',
        description: MARK,
        categoryId: await categoryId(operatorId, 'other'),
      }),
    );
  });

  it('assign, move, reopen', { timeout: SAVE_TIMEOUT }, async () => {
    const g = await insertGrievance(operatorId);
    await failAtCommit(g.id);
    await expectNoAudit(() => assignGrievanceAction({ grievanceId: g.id, version: 1, assigneeId: officer }));
    await expectNoAudit(() => moveGrievanceAction({ grievanceId: g.id, version: 1, to: 'in_review', resolution: '' }));
    const r = await insertGrievance(operatorId, { status: 'resolved', resolution: 'x', resolvedAt: new Date() });
    await failAtCommit(r.id);
    await expectNoAudit(() => reopenGrievanceAction({ grievanceId: r.id, version: 1, reason: 'Again' }));
    expect((await db().select().from(grievances).where(eq(grievances.id, r.id)))[0]!.status).toBe('resolved');
  });

  it('comment', { timeout: SAVE_TIMEOUT }, async () => {
    const g = await insertGrievance(operatorId);
    await expectNoAudit(() => commentGrievanceAction({ grievanceId: g.id, body: MARK }));
    expect(await db().select().from(grievanceEvents).where(eq(grievanceEvents.grievanceId, g.id))).toEqual([]);
  });

  it('escalation', { timeout: SAVE_TIMEOUT }, async () => {
    const g = await insertGrievance(operatorId, { dueOn: '2020-01-01', receivedAt: new Date('2019-12-20T00:00:00Z') });
    await failAtCommit(g.id);
    const before = await auditCount();
    await expect(escalateBreached({ operatorId })).rejects.toThrow();
    expect(await auditCount()).toBe(before);
  });

  it('categories and holidays', { timeout: SAVE_TIMEOUT }, async () => {
    const category = {
      categoryId: '',
      parentId: '',
      code: 'test_fail',
      nameKm: 'សាកល្បង',
      nameEn: MARK,
      slaDays: '5',
      sensitive: false,
      active: true,
    };
    await expectNoAudit(() => saveCategoryAction(category));
    // An edit of an existing category (the seeded 'other').
    const other = await categoryId(operatorId, 'other');
    await expectNoAudit(() => saveCategoryAction({ ...category, code: 'other', categoryId: other }));
    await expectNoAudit(() => addHolidayAction({ day: '2031-04-14', nameKm: MARK, nameEn: 'Khmer New Year' }));
    await db().insert(operatorHolidays).values({ operatorId, day: '2031-04-15', nameEn: MARK });
    await expectNoAudit(() => removeHolidayAction({ day: '2031-04-15' }));
  });
});
