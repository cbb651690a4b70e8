'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import {
  assignGrievanceSchema,
  commentGrievanceSchema,
  moveGrievanceSchema,
  reopenGrievanceSchema,
} from '@/lib/grievances/schemas';
import { assignGrievance, commentGrievance, moveGrievance, reopenGrievance } from '@/lib/grievances/workflow';

const handling = () => requireRole('grievanceHandling');

export async function assignGrievanceAction(input: unknown) {
  return runAction(handling, assignGrievanceSchema, input, assignGrievance);
}

export async function moveGrievanceAction(input: unknown) {
  return runAction(handling, moveGrievanceSchema, input, moveGrievance);
}

export async function reopenGrievanceAction(input: unknown) {
  return runAction(handling, reopenGrievanceSchema, input, (user, data) => reopenGrievance(user, data));
}

export async function commentGrievanceAction(input: unknown) {
  return runAction(handling, commentGrievanceSchema, input, commentGrievance);
}
