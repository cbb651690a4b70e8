import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { ensureCategories } from '@/lib/grievances/categories';
import { emptyGrievance } from '@/lib/grievances/schemas';
import { categoryId } from '../helpers/grievances';
import { insertHousehold } from '../helpers/records';
import type { Ctx, Rules } from './types';

// Grievances (issue 11). Intake names the operator's category (and member); every other entry point
// names one grievance of ctx's operator, made fresh per call so no caller's change decides the next.

async function category(ctx: Ctx, code = 'other') {
  await ensureCategories(db(), ctx);
  return categoryId(ctx.operatorId, code);
}

const intake = (categoryId: string, extra: Record<string, unknown> = {}) => ({
  ...emptyGrievance,
  complainantKind: 'anonymous',
  description: 'ខ្ញុំមិនបានទទួលប្រាក់',
  categoryId,
  ...extra,
});

export const rules: Rules = {
  'app/(app)/grievances/new/actions.ts#createGrievanceAction': {
    access: 'grievanceIntake',
    input: async (ctx) => intake(await category(ctx)),
    // B's administrator naming A's category, or A's member, is answered as for an id nobody has.
    crossOperator: [
      {
        sameAsUnknown: async (a) => ({
          theirs: intake(await category(a)),
          unknown: intake(randomUUID()),
        }),
      },
      {
        sameAsUnknown: async (a, b) => {
          const { head } = await insertHousehold(a.operatorId);
          const c = await category(b);
          const asMember = (memberId: string) => intake(c, { complainantKind: 'member', memberId });
          return { theirs: asMember(head.id), unknown: asMember(randomUUID()) };
        },
      },
    ],
  },
};
