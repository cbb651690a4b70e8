import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createGrievanceAction } from '@/app/(app)/grievances/new/actions';
import { db } from '@/db/client';
import { grievanceCategories, grievances } from '@/db/schema';
import type { CreateGrievanceInput } from '@/lib/grievances/schemas';
import { emptyGrievance } from '@/lib/grievances/schemas';
import { signInAs } from './fixtures';

/** The operator's category with this seed code (the operator must have filed or listed once, or call seed). */
export async function categoryId(operatorId: string, code: string): Promise<string> {
  const [c] = await db()
    .select({ id: grievanceCategories.id })
    .from(grievanceCategories)
    .where(and(eq(grievanceCategories.operatorId, operatorId), eq(grievanceCategories.code, code)));
  if (!c) throw new Error(`no category ${code}`);
  return c.id;
}

/** Files a grievance through the real action as `userId`; `category` is a seed code. */
export async function fileAs(
  userId: string,
  operatorId: string,
  category = 'other',
  input: Partial<CreateGrievanceInput> = {},
) {
  await signInAs(userId);
  // The first intake of an operator seeds its categories: make sure they exist before naming one.
  const { ensureCategories } = await import('@/lib/grievances/categories');
  await ensureCategories(db(), { operatorId });
  const res = await createGrievanceAction({
    ...emptyGrievance,
    complainantKind: 'non_member',
    complainantName: 'Sok Dara',
    description: 'ខ្ញុំមិនបានទទួលប្រាក់ខែនេះទេ',
    categoryId: await categoryId(operatorId, category),
    ...input,
  });
  if (!res.ok) throw new Error(`not filed: ${JSON.stringify(res)}`);
  return res.data;
}

export async function grievanceRow(id: string) {
  const [g] = await db().select().from(grievances).where(eq(grievances.id, id));
  return g!;
}

/**
 * A grievance of the operator written straight to the database (for the access matrix and the
 * list-leak checks, which need many): a unique code, in the given status.
 */
export async function insertGrievance(
  operatorId: string,
  extra: Partial<typeof grievances.$inferInsert> & { category?: string } = {},
) {
  const { ensureCategories } = await import('@/lib/grievances/categories');
  await ensureCategories(db(), { operatorId });
  const { category = 'other', ...rest } = extra;
  const [g] = await db()
    .insert(grievances)
    .values({
      operatorId,
      code: `GX-G-${randomUUID().slice(0, 8).toUpperCase()}`,
      channel: 'walk_in',
      complainantKind: 'anonymous',
      categoryId: await categoryId(operatorId, category),
      description: 'ខ្ញុំមិនបានទទួលប្រាក់',
      dueOn: '2099-12-31',
      ...rest,
    })
    .returning();
  return g!;
}
