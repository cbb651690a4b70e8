import { db } from '@/db/client';
import { registryReviews } from '@/db/schema';
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
  const [r] = await db().insert(registryReviews)
    .values({ memberId, operatorId: ctx.operatorId, referenceId: `${memberId}.v1`, reasonCode: 'pdng.dedup.review' }).returning();
  return { reviewId: r!.id, decision: 'dismiss' };
}

export const rules: Rules = {
  'app/(app)/registry-sync/actions.ts#retrySyncAction': { access: 'registrySync', input: () => ({ all: true }) },
  'app/(app)/registry-sync/actions.ts#resolveReviewAction': { access: 'registrySync', input: openReview, crossOperator: true },
  // CamDX is not configured in tests: an allowed caller gets the answer "not configured", not a refusal.
  'app/(app)/registry-sync/actions.ts#verifyKhmerIdAction': { access: 'registrySync', input: async (ctx) => ({ memberId: await memberOf(ctx) }), crossOperator: true },
  'app/(app)/admin/camdx/actions.ts#testConnectionAction': { access: 'operators' },
};
