import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  approveListAction,
  carryUnpaidAction,
  closeListAction,
  regenerateListAction,
  rejectListAction,
  submitListAction,
} from '@/app/(app)/payments/[id]/actions';
import { generateListAction } from '@/app/(app)/payments/actions';
import { db } from '@/db/client';
import { auditLog, paymentLines, paymentLists } from '@/db/schema';
import { generatePaymentList, type PaymentActor } from '@/lib/payments/generate';
import { recomputeTotals } from '@/lib/payments/totals';
import { approveList, markExported, markReconciled, submitList } from '@/lib/payments/transitions';
import { ownerDb } from './helpers/owner';
import { signInAs } from './helpers/fixtures';
import { enrol, listRow, makeHousehold, makeProgramme, paymentTeam } from './helpers/payment-lists';

// Every payment-list write commits with its audit row or not at all (as test/audit-in-transaction.test.ts
// for the register): a deferred constraint trigger makes the change fail at COMMIT, after its audit
// row was written, and no audit row may be left. An audit row written outside the change's
// transaction survives on PostgreSQL (another pool connection) and hangs PGlite (one connection):
// both fail here.

const SAVE_TIMEOUT = 8_000;
let team: Awaited<ReturnType<typeof paymentTeam>>;

beforeAll(async () => {
  team = await paymentTeam();
  const statements = [
    'create table if not exists test_fail_at_commit (id uuid primary key)',
    `create or replace function test_fail_payment_lists() returns trigger language plpgsql as $$
     begin
       if exists (select 1 from test_fail_at_commit where id in (new.id, new.programme_id)) then
         raise exception 'test: payment list % fails at commit', new.id;
       end if;
       return null;
     end $$`,
    `create constraint trigger test_fail_at_commit after insert or update on payment_lists
       deferrable initially deferred for each row execute function test_fail_payment_lists()`,
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

async function failAtCommit(id: string) {
  await db().execute(sql`insert into test_fail_at_commit (id) values (${id}::uuid)`);
}

async function auditCount() {
  const [r] = await db().select({ n: count() }).from(auditLog);
  return r!.n;
}

async function failsWithoutAudit(save: () => Promise<{ ok: boolean }>) {
  const before = await auditCount();
  expect(await save()).toMatchObject({ ok: false, code: 'INTERNAL' });
  expect(await auditCount()).toBe(before);
}

/** A programme with two enrolled households, and a list of it moved on to `stage`. */
async function listAt(stage: 'none' | 'draft' | 'submitted' | 'exported' | 'reconciled') {
  const p = await makeProgramme(team.op.id);
  for (let i = 0; i < 2; i++) {
    const h = await makeHousehold(team.op.id, [{ birthDate: '1980-01-01' }]);
    await enrol(team.op.id, p.id, h.household.id);
  }
  if (stage === 'none') return { programmeId: p.id, listId: '', version: 0 };
  const maker: PaymentActor = team.officer2;
  const { id } = await generatePaymentList(maker, { programmeId: p.id, period: '2026-06' });
  if (stage !== 'draft') await submitList(maker, { listId: id, version: 1 });
  if (stage === 'exported' || stage === 'reconciled') {
    await approveList(team.approver2, { listId: id, version: 2 });
    await db().transaction(async (tx) => {
      await markExported(tx, maker, id);
      await tx.update(paymentLines).set({ status: 'failed' }).where(eq(paymentLines.listId, id));
      await recomputeTotals(tx, id);
      if (stage === 'reconciled') await markReconciled(tx, maker, id);
    });
  }
  return { programmeId: p.id, listId: id, version: (await listRow(id)).version };
}

describe('a payment-list change that fails at commit leaves no audit row', () => {
  it(
    'generation',
    async () => {
      const { programmeId } = await listAt('none');
      await failAtCommit(programmeId);
      await signInAs(team.officer.id);
      await failsWithoutAudit(() => generateListAction({ programmeId, period: '2026-06' }));
      expect(await db().select().from(paymentLists).where(eq(paymentLists.programmeId, programmeId))).toEqual([]);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'regeneration, submission and closing',
    async () => {
      await signInAs(team.officer.id);
      for (const [stage, action] of [
        ['draft', regenerateListAction],
        ['draft', submitListAction],
        ['reconciled', closeListAction],
      ] as const) {
        const { listId, version } = await listAt(stage);
        await failAtCommit(listId);
        await failsWithoutAudit(() => action({ listId, version }));
        expect((await listRow(listId)).version).toBe(version);
      }
    },
    SAVE_TIMEOUT * 4,
  );

  it(
    'approval and rejection',
    async () => {
      await signInAs(team.approver.id);
      for (const action of [approveListAction, rejectListAction]) {
        const { listId, version } = await listAt('submitted');
        await failAtCommit(listId);
        await failsWithoutAudit(() => action({ listId, version, reason: 'Check the amounts' }));
        expect(await listRow(listId)).toMatchObject({ status: 'submitted', version });
      }
    },
    SAVE_TIMEOUT * 3,
  );

  it(
    'carrying failed lines (the old list fails: neither list nor audit row is left)',
    async () => {
      const { listId, programmeId } = await listAt('exported');
      await failAtCommit(listId);
      await signInAs(team.officer.id);
      await failsWithoutAudit(() => carryUnpaidAction({ listId }));
      const lists = await db().select().from(paymentLists).where(eq(paymentLists.programmeId, programmeId));
      expect(lists).toHaveLength(1);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'export and reconciliation moves in the caller’s transaction',
    async () => {
      for (const [stage, mark] of [
        ['submitted', markExported],
        ['exported', markReconciled],
      ] as const) {
        const { listId } = await listAt(stage);
        if (stage === 'submitted') await approveList(team.approver, { listId, version: 2 });
        await failAtCommit(listId);
        const before = await auditCount();
        const status = (await listRow(listId)).status;
        await expect(db().transaction((tx) => mark(tx, team.officer, listId))).rejects.toThrow();
        expect(await auditCount()).toBe(before);
        expect((await listRow(listId)).status).toBe(status);
      }
    },
    SAVE_TIMEOUT * 3,
  );
});
