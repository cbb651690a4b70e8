'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { carryUnpaid } from '@/lib/payments/carry';
import { regenerateDraft } from '@/lib/payments/generate';
import { carryListSchema, listMoveSchema, rejectListSchema } from '@/lib/payments/schemas';
import { approveList, closeList, rejectList, submitList } from '@/lib/payments/transitions';

const lists = () => requireRole('paymentLists');
const approval = () => requireRole('paymentApproval');

export async function submitListAction(input: unknown) {
  return runAction(lists, listMoveSchema, input, submitList);
}

export async function approveListAction(input: unknown) {
  return runAction(approval, listMoveSchema, input, approveList);
}

export async function rejectListAction(input: unknown) {
  return runAction(approval, rejectListSchema, input, rejectList);
}

export async function closeListAction(input: unknown) {
  return runAction(lists, listMoveSchema, input, closeList);
}

export async function regenerateListAction(input: unknown) {
  return runAction(lists, listMoveSchema, input, regenerateDraft);
}

export async function carryUnpaidAction(input: unknown) {
  return runAction(lists, carryListSchema, input, carryUnpaid);
}
