'use server';
import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { resolveReview, retrySync, verifyMemberKhmerId } from '@/lib/registry/manage';
import { memberRef, retrySchema, reviewDecisionSchema } from '@/lib/registry/schemas';

/** Send again a member that needs attention or was rejected; `{ all: true }` for every such member. */
export async function retrySyncAction(input: unknown) {
  const res = await runAction(() => requireRole('registrySync'), retrySchema, input, retrySync);
  if (res.ok) revalidatePath('/registry-sync');
  return res;
}

/** Link, dismiss or correct a possible duplicate the registry reported. */
export async function resolveReviewAction(input: unknown) {
  const res = await runAction(() => requireRole('registrySync'), reviewDecisionSchema, input, resolveReview);
  if (res.ok) revalidatePath('/registry-sync');
  return res;
}

/** Verify a member's Khmer ID with the Ministry of Interior. */
export async function verifyKhmerIdAction(input: unknown) {
  return runAction(() => requireRole('registrySync'), memberRef, input, (user, data) => verifyMemberKhmerId(user, data));
}
