'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { enrolHousehold } from '@/lib/households/enrol';
import { enrolmentSchema } from '@/lib/households/schemas';

export async function enrolHouseholdAction(input: unknown) {
  return runAction(() => requireRole('enrolment'), enrolmentSchema, input, enrolHousehold);
}
