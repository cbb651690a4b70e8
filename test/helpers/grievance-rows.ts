import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { grievanceCategories, grievances } from '@/db/schema';

// Grievance rows written directly, for tests of what sits around them (attachments, receipts, public
// intake) without going through intake.

export async function insertCategory(operatorId: string, opts: { sensitive?: boolean; code?: string } = {}) {
  const [row] = await db()
    .insert(grievanceCategories)
    .values({
      operatorId,
      code: opts.code ?? `c-${randomUUID().slice(0, 8)}`,
      nameKm: 'ការបង់ប្រាក់',
      nameEn: 'Payment not received',
      sensitive: opts.sensitive ?? false,
      slaDays: 5,
    })
    .returning();
  return row!;
}

export async function insertGrievance(
  operatorId: string,
  opts: { sensitive?: boolean; assignedTo?: string | null; createdBy?: string | null; anonymous?: boolean } = {},
) {
  const category = await insertCategory(operatorId, { sensitive: opts.sensitive });
  const anonymous = opts.anonymous ?? false;
  const [row] = await db()
    .insert(grievances)
    .values({
      operatorId,
      code: `T-G-${randomUUID().slice(0, 8)}`,
      channel: 'walk_in',
      complainantKind: anonymous ? 'anonymous' : 'non_member',
      complainantName: anonymous ? null : 'Sok Dara',
      contactPhone: anonymous ? null : '+85512345678',
      categoryId: category.id,
      sensitive: category.sensitive,
      description: 'ខ្ញុំមិនទាន់បានទទួលប្រាក់',
      dueOn: '2030-01-10',
      assignedTo: opts.assignedTo ?? null,
      createdBy: opts.createdBy ?? null,
    })
    .returning();
  return { grievance: row!, category };
}
