import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { households, operators, paymentLines, paymentLists } from '@/db/schema';
import { generatePaymentList, type PaymentActor } from '@/lib/payments/generate';
import { recomputeTotals } from '@/lib/payments/totals';
import { approveList, markExported, markReconciled, submitList } from '@/lib/payments/transitions';
import { makeUser } from '../helpers/fixtures';
import { enrol, makeProgramme } from '../helpers/payment-lists';
import { insertHousehold } from '../helpers/records';
import type { Ctx, Rules } from './types';

// Every payment-list entry point gets a fresh list of ctx's operator per call (a programme of its
// own, one enrolled household), made by a maker and checked by an approver of that operator who are
// not the caller — so that "whoever generated or submitted may not approve" never decides the
// outcome here (test/payment-lists.test.ts checks that rule). Each names one record of ctx's
// operator, so the default cross-operator check applies: B's administrator gets not found.

const team = new Map<string, Promise<{ maker: PaymentActor; checker: PaymentActor }>>();
function teamOf(operatorId: string) {
  if (!team.has(operatorId))
    team.set(
      operatorId,
      (async () => {
        const [op] = await db().select().from(operators).where(eq(operators.id, operatorId));
        const actor = async (role: 'payment_officer' | 'payment_approver'): Promise<PaymentActor> => ({
          id: (await makeUser({ operatorId, roles: [role] })).id,
          operatorId,
          operatorCode: op!.code,
        });
        return { maker: await actor('payment_officer'), checker: await actor('payment_approver') };
      })(),
    );
  return team.get(operatorId)!;
}

/** A programme of ctx's operator with one enrolled household. */
async function programmeOf(ctx: Ctx) {
  const p = await makeProgramme(ctx.operatorId);
  const { household } = await insertHousehold(ctx.operatorId);
  // In IDPoor, so that the programme's rules pay it: the list has a line to fail and carry.
  await db().update(households).set({ idpoorLevel: 1 }).where(eq(households.id, household.id));
  await enrol(ctx.operatorId, p.id, household.id);
  return p;
}

type Stage = 'draft' | 'submitted' | 'reconciled' | 'exportedWithFailure';

/** A fresh list of ctx's operator, moved on to `stage`; answers its id and version. */
async function listOf(ctx: Ctx, stage: Stage) {
  const { maker, checker } = await teamOf(ctx.operatorId);
  const p = await programmeOf(ctx);
  const { id } = await generatePaymentList(maker, { programmeId: p.id, period: '2026-06' });
  if (stage !== 'draft') await submitList(maker, { listId: id, version: 1 });
  if (stage === 'reconciled' || stage === 'exportedWithFailure') {
    await approveList(checker, { listId: id, version: 2 });
    await db().transaction(async (tx) => {
      await markExported(tx, maker, id);
      await tx.update(paymentLines).set({ status: 'failed' }).where(eq(paymentLines.listId, id));
      await recomputeTotals(tx, id);
      if (stage === 'reconciled') await markReconciled(tx, maker, id);
    });
  }
  const [l] = await db().select().from(paymentLists).where(eq(paymentLists.id, id));
  return { listId: id, version: l!.version };
}

const page = 'app/(app)/payments/[id]/actions.ts';

export const rules: Rules = {
  'app/(app)/payments/actions.ts#generateListAction': {
    access: 'paymentLists',
    input: async (ctx) => ({ programmeId: (await programmeOf(ctx)).id, period: '2026-06' }),
  },
  [`${page}#submitListAction`]: { access: 'paymentLists', input: (ctx) => listOf(ctx, 'draft') },
  [`${page}#regenerateListAction`]: { access: 'paymentLists', input: (ctx) => listOf(ctx, 'draft') },
  [`${page}#closeListAction`]: { access: 'paymentLists', input: (ctx) => listOf(ctx, 'reconciled') },
  [`${page}#carryUnpaidAction`]: {
    access: 'paymentLists',
    input: async (ctx) => ({ listId: (await listOf(ctx, 'exportedWithFailure')).listId }),
  },
  [`${page}#approveListAction`]: {
    access: 'paymentApproval',
    input: (ctx) => listOf(ctx, 'submitted'),
    crossOperator: false,
    reason:
      "paymentApproval is the approver role alone: another operator's administrator is refused before any record is read. " +
      "An approver of another operator approving or rejecting this operator's list gets NOT_FOUND in test/payment-lists.test.ts.",
  },
  [`${page}#rejectListAction`]: {
    access: 'paymentApproval',
    input: async (ctx) => ({ ...(await listOf(ctx, 'submitted')), reason: 'Check the amounts' }),
    crossOperator: false,
    reason:
      "paymentApproval is the approver role alone: another operator's administrator is refused before any record is read. " +
      "An approver of another operator returning this operator's list gets NOT_FOUND in test/payment-lists.test.ts.",
  },
  'app/api/v1/programmes/route.ts#GET': {
    access: 'programmes',
    request: () => ({ url: 'http://localhost/api/v1/programmes' }),
    crossOperator: {
      lists: async (a) => {
        const p = await makeProgramme(a.operatorId);
        return { markers: [p.id, p.code] };
      },
    },
  },
  'app/api/v1/programmes/[id]/route.ts#GET': {
    access: 'programmes',
    request: async (ctx) => {
      const id = (await makeProgramme(ctx.operatorId)).id;
      return { url: `http://localhost/api/v1/programmes/${id}`, params: { id } };
    },
  },
  'app/api/v1/payment-lists/route.ts#GET': {
    access: 'payments',
    request: () => ({ url: 'http://localhost/api/v1/payment-lists' }),
    crossOperator: {
      lists: async (a) => {
        const l = await listOf(a, 'draft');
        const [row] = await db().select().from(paymentLists).where(eq(paymentLists.id, l.listId));
        return { markers: [row!.id, row!.code] };
      },
    },
  },
  'app/api/v1/payment-lists/[id]/route.ts#GET': {
    access: 'payments',
    request: async (ctx) => {
      const id = (await listOf(ctx, 'draft')).listId;
      return { url: `http://localhost/api/v1/payment-lists/${id}`, params: { id } };
    },
  },
  'app/api/v1/payment-lists/[id]/lines/route.ts#GET': {
    access: 'payments',
    request: async (ctx) => {
      const id = (await listOf(ctx, 'draft')).listId;
      return { url: `http://localhost/api/v1/payment-lists/${id}/lines`, params: { id } };
    },
  },
};
