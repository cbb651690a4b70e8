'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { enrol } from '@/lib/programmes/enrolment';
import { enrolSchema } from '@/lib/programmes/enrolment-schemas';
import { editResult } from '@/lib/records/conflict';
import { deleteMember } from '@/lib/records/delete';
import { moveMember, recordDeath, recordExit } from '@/lib/records/lifecycle';
import {
  deleteMemberSchema,
  editMemberSchema,
  moveMemberSchema,
  recordDeathSchema,
  recordExitSchema,
} from '@/lib/records/schemas';
import { updateMember } from '@/lib/records/update';

const enrolment = () => requireRole('enrolment');

export async function updateMemberAction(input: unknown) {
  return editResult(await runAction(enrolment, editMemberSchema, input, updateMember));
}

export async function moveMemberAction(input: unknown) {
  return runAction(enrolment, moveMemberSchema, input, moveMember);
}

export async function recordDeathAction(input: unknown) {
  return runAction(enrolment, recordDeathSchema, input, recordDeath);
}

export async function recordExitAction(input: unknown) {
  return runAction(enrolment, recordExitSchema, input, recordExit);
}

export async function deleteMemberAction(input: unknown) {
  return runAction(enrolment, deleteMemberSchema, input, deleteMember);
}

/** Enrols this household (memberId '') or one of its members in an active programme. */
export async function enrolMemberInProgrammeAction(input: unknown) {
  return runAction(() => requireRole('benefitEnrolment'), enrolSchema, input, enrol);
}
