import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { memberRegistry, registryOutbox, registryReviews } from '@/db/schema';
import { ensureUnits, khmerId } from '../helpers/households';
import { seedMembers } from '../helpers/registry';
import type { Ctx, Rules } from './types';

async function memberOf(ctx: Ctx): Promise<string> {
  await ensureUnits();
  const [id] = await seedMembers(ctx.operatorId, 1, { khmerId: khmerId() });
  return id!;
}

async function openReview(ctx: Ctx) {
  const memberId = await memberOf(ctx);
  const [r] = await db()
    .insert(registryReviews)
    .values({ memberId, operatorId: ctx.operatorId, referenceId: `${memberId}.v1`, reasonCode: 'pdng.dedup.review' })
    .returning();
  return { reviewId: r!.id, decision: 'dismiss' };
}

/** A member of ctx's operator whose sync ran out of attempts: what "retry" sends again. */
async function stuckMemberOf(ctx: Ctx): Promise<string> {
  const memberId = await memberOf(ctx);
  await db()
    .update(memberRegistry)
    .set({ state: 'needs_attention', attempts: 5 })
    .where(eq(memberRegistry.memberId, memberId));
  await db().update(registryOutbox).set({ status: 'failed', attempts: 5 }).where(eq(registryOutbox.memberId, memberId));
  return memberId;
}

export const rules: Rules = {
  'app/(app)/registry-sync/actions.ts#retrySyncAction': {
    access: 'registrySync',
    input: () => ({ all: true }),
    // "Retry all" by B's administrator leaves A's stuck member as it was; retrying that member by id is not found.
    crossOperator: [
      {
        leavesAlone: async (a) => {
          const memberId = await stuckMemberOf(a);
          return async () => ({
            registry: await db().select().from(memberRegistry).where(eq(memberRegistry.memberId, memberId)),
            outbox: await db().select().from(registryOutbox).where(eq(registryOutbox.memberId, memberId)),
          });
        },
      },
      { notFoundWith: { input: async (a) => ({ memberId: await stuckMemberOf(a) }) } },
    ],
  },
  // Each names a review or member of ctx's operator: the default check (B's administrator gets not found).
  'app/(app)/registry-sync/actions.ts#resolveReviewAction': { access: 'registrySync', input: openReview },
  // CamDX is not configured in tests: an allowed caller gets the answer "not configured", not a refusal.
  'app/(app)/registry-sync/actions.ts#verifyKhmerIdAction': {
    access: 'registrySync',
    input: async (ctx) => ({ memberId: await memberOf(ctx) }),
  },
  'app/(app)/admin/camdx/actions.ts#testConnectionAction': {
    access: 'operators',
    crossOperator: false,
    reason: "Platform administrators only: tests the platform's own CamDX connection, which no operator owns.",
  },
};
