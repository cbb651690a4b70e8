'use server';
import { z } from 'zod';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { resolveLocale } from '@/lib/i18n/locale';
import { createGrievance } from '@/lib/grievances/intake';
import { findComplainants, memberPaymentLines } from '@/lib/grievances/pickers';
import { createGrievanceSchema } from '@/lib/grievances/schemas';
import { uuidSchema } from '@/lib/validation';

const intake = () => requireRole('grievanceIntake');

export async function createGrievanceAction(input: unknown) {
  return runAction(intake, createGrievanceSchema, input, createGrievance);
}

/** The member picker: the operator's members matching a name, Khmer ID or household code. */
export async function findComplainantsAction(input: unknown) {
  return runAction(intake, z.object({ q: z.string().trim().min(1).max(100) }), input, async (user, { q }) =>
    findComplainants(user, q, await resolveLocale()),
  );
}

/** The payment lines of the chosen member and their household. */
export async function memberPaymentLinesAction(input: unknown) {
  return runAction(intake, z.object({ memberId: uuidSchema }), input, (user, { memberId }) =>
    memberPaymentLines(user, memberId),
  );
}
