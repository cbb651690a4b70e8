'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { createGrievance } from '@/lib/grievances/intake';
import { createGrievanceSchema } from '@/lib/grievances/schemas';

export async function createGrievanceAction(input: unknown) {
  return runAction(() => requireRole('grievanceIntake'), createGrievanceSchema, input, createGrievance);
}
