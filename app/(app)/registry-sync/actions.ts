'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { resolveReview, retrySync, verifyMemberKhmerId } from '@/lib/registry/manage';
import { memberRef, retrySchema, reviewDecisionSchema } from '@/lib/registry/schemas';

// The dashboard is rendered per request; the buttons refresh it (router.refresh) after each action.

/** Send again a member that needs attention or was rejected; `{ all: true }` for every such member. */
export async function retrySyncAction(input: unknown) {
  return runAction(() => requireRole('registrySync'), retrySchema, input, retrySync);
}

/** Link, dismiss or correct a possible duplicate the registry reported. */
export async function resolveReviewAction(input: unknown) {
  return runAction(() => requireRole('registrySync'), reviewDecisionSchema, input, resolveReview);
}

/** Verify a member's Khmer ID with the Ministry of Interior. */
export async function verifyKhmerIdAction(input: unknown) {
  return runAction(
    () => requireRole('registrySync'),
    memberRef,
    input,
    (user, data) => verifyMemberKhmerId(user, data),
  );
}
