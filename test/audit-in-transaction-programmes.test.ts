import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProgrammeAction, setProgrammeStatusAction, updateProgrammeAction } from '@/app/(app)/programmes/actions';
import { db } from '@/db/client';
import { auditLog, programmes } from '@/db/schema';
import { emptyCondition, emptyRules } from '@/lib/programmes/rule-form';
import type { ProgrammeFormValues } from '@/lib/programmes/schemas';
import { ownerDb } from './helpers/owner';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

// The programme writes, as test/audit-in-transaction.test.ts checks the others: each change is made
// to fail at COMMIT (a deferred constraint trigger on programmes), after its audit row was inserted;
// no audit row may be left. Through db() instead of the change's tx, the row would survive on
// PostgreSQL, and on PGlite the save would wait for itself until the timeout.

const MARK = 'fail at commit (test)';
const SAVE_TIMEOUT = 8_000;

let n = 0;
const form = (over: Partial<ProgrammeFormValues> = {}): ProgrammeFormValues => ({
  code: `AT-${++n}`,
  nameKm: 'កម្មវិធីសាកល្បង',
  nameEn: 'Audit test',
  description: '',
  benefitType: 'cash',
  currency: 'KHR',
  frequency: 'monthly',
  startDate: '2027-01-01',
  endDate: '',
  rules: {
    ...emptyRules('KHR'),
    eligibility: { ...emptyCondition(), idpoorLevels: ['1'] },
    household: [{ when: { ...emptyCondition(), setting: 'rural' }, amount: '40000' }],
  },
  ...over,
});

beforeAll(async () => {
  const operatorId = (await makeOperator()).id;
  await signInAs((await makeUser({ operatorId, roles: ['operator_admin'] })).id);
  const statements = [
    'create table test_fail_programmes (id uuid primary key)',
    `create function test_fail_programme() returns trigger language plpgsql as $$
     begin
       if new.name_en = '${MARK}' or exists (select 1 from test_fail_programmes where id = new.id) then
         raise exception 'test: programme % fails at commit', new.id;
       end if;
       return null;
     end $$`,
    `create constraint trigger test_fail_at_commit after insert or update on programmes
       deferrable initially deferred for each row execute function test_fail_programme()`,
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

async function auditCount() {
  const [r] = await db().select({ n: count() }).from(auditLog);
  return r!.n;
}

async function failsWithoutAudit(save: () => Promise<{ ok: boolean }>) {
  const before = await auditCount();
  expect(await save()).toMatchObject({ ok: false, code: 'INTERNAL' });
  expect(await auditCount()).toBe(before);
}

async function created(): Promise<string> {
  const res = await createProgrammeAction(form());
  if (!res.ok) throw new Error(JSON.stringify(res));
  return res.data.id;
}

describe('a programme change that fails at commit leaves no audit row', () => {
  it(
    'create',
    async () => {
      await failsWithoutAudit(() => createProgrammeAction(form({ nameEn: MARK })));
      expect(await db().select().from(programmes).where(eq(programmes.nameEn, MARK))).toEqual([]);
    },
    SAVE_TIMEOUT,
  );

  it(
    'edit',
    async () => {
      const id = await created();
      await db().execute(sql`insert into test_fail_programmes (id) values (${id}::uuid)`);
      await failsWithoutAudit(() => updateProgrammeAction({ ...form({ nameEn: 'Renamed' }), id, version: 1 }));
    },
    SAVE_TIMEOUT,
  );

  it(
    'status',
    async () => {
      const id = await created();
      await db().execute(sql`insert into test_fail_programmes (id) values (${id}::uuid)`);
      await failsWithoutAudit(() => setProgrammeStatusAction({ id, version: 1, status: 'active' }));
    },
    SAVE_TIMEOUT,
  );
});
