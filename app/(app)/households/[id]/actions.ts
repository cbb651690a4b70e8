'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { editResult } from '@/lib/records/conflict';
import { deleteHousehold } from '@/lib/records/delete';
import { changeHead } from '@/lib/records/lifecycle';
import { changeHeadSchema, deleteHouseholdSchema, editHouseholdSchema } from '@/lib/records/schemas';
import { updateHousehold } from '@/lib/records/update';

const enrolment = () => requireRole('enrolment');

export async function updateHouseholdAction(input: unknown) {
  return editResult(await runAction(enrolment, editHouseholdSchema, input, updateHousehold));
}

export async function changeHeadAction(input: unknown) {
  return runAction(enrolment, changeHeadSchema, input, changeHead);
}

export async function deleteHouseholdAction(input: unknown) {
  return runAction(enrolment, deleteHouseholdSchema, input, deleteHousehold);
}
