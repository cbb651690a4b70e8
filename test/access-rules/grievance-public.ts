import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { operators } from '@/db/schema';
import { publicCategories } from '@/lib/grievances/public';
import type { Ctx, Rules } from './types';

/** ctx's operator with its public page on, and a category a person may choose there. */
async function publicPageOf(ctx: Ctx) {
  const [op] = await db()
    .update(operators)
    .set({ publicGrievances: true })
    .where(eq(operators.id, ctx.operatorId))
    .returning();
  const [category] = await publicCategories({
    operatorId: op!.id,
    operatorCode: op!.code,
    nameKm: op!.nameKm,
    nameEn: op!.nameEn,
  });
  return { code: op!.code, categoryId: category!.id };
}

export const rules: Rules = {
  // Anyone, signed in or not: the public form. (The matrix sends its body as text/plain, which the
  // handler refuses as not a form, 415, after checking the page is on: test/grievance-public.test.ts
  // files real reports.)
  'app/api/public/grievances/[operatorCode]/route.ts#POST': {
    access: 'public',
    request: async (ctx) => {
      const { code, categoryId } = await publicPageOf(ctx);
      return {
        url: `http://localhost/api/public/grievances/${code}`,
        method: 'POST',
        params: { operatorCode: code },
        body: { complainantKind: 'anonymous', categoryId, description: 'ខ្ញុំមិនទាន់បានទទួលប្រាក់' },
      };
    },
    crossOperator: false,
    reason:
      'No session, so no operator of the caller: the operator is the one whose public code is in the path, and ' +
      'the answer holds only the new reference (never another grievance). Its settings action is checked below.',
  },
  // B's administrator turns the page on: their own operator's, A's stays off.
  'app/(app)/grievances/public-intake/actions.ts#setPublicIntakeAction': {
    access: 'grievanceSettings',
    input: () => ({ enabled: false }),
    crossOperator: {
      input: () => ({ enabled: true }),
      leavesAlone: async (a) => {
        await db().update(operators).set({ publicGrievances: false }).where(eq(operators.id, a.operatorId));
        return async () =>
          (
            await db().select({ on: operators.publicGrievances }).from(operators).where(eq(operators.id, a.operatorId))
          )[0];
      },
    },
  },
};
