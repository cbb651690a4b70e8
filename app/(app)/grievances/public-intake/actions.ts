'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { setPublicIntake } from '@/lib/grievances/public';
import { publicIntakeSchema } from '@/lib/grievances/public-settings-schema';

export async function setPublicIntakeAction(input: unknown) {
  return runAction(() => requireRole('grievanceSettings'), publicIntakeSchema, input, setPublicIntake);
}
