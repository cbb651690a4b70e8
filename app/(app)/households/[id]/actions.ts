'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { enrol } from '@/lib/programmes/enrolment';
import { enrolSchema } from '@/lib/programmes/enrolment-schemas';
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

/** Enrols this household (memberId '') or one of its members in an active programme. */
export async function enrolHouseholdInProgrammeAction(input: unknown) {
  return runAction(() => requireRole('benefitEnrolment'), enrolSchema, input, enrol);
}
