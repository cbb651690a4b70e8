import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { grievanceCategories, operatorHolidays } from '@/db/schema';
import { diff, writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { ensureCategories } from './categories';
import type { CategoryData, HolidayData } from './schemas';

// The operator's grievance settings (area grievanceSettings): categories with their service level and
// sensitivity, and the holidays the service levels skip. A new service level applies to grievances
// received afterwards (a due date, once given to a complainant on the receipt, does not move).

/**
 * Grievances follow their category's (or sub-category's) sensitivity: when it changes, every grievance
 * filed under it is marked again in the same transaction, so no list shows a now-sensitive case.
 */
async function resyncSensitivity(tx: Db, actor: OperatorUser, categoryId: string) {
  await tx.execute(sql`
    update grievances g
       set sensitive = (select c.sensitive from grievance_categories c where c.id = g.category_id)
                    or coalesce((select s.sensitive from grievance_categories s where s.id = g.subcategory_id), false)
     where g.operator_id = ${tenantOf(actor)}
       and (g.category_id = ${categoryId}::uuid or g.subcategory_id = ${categoryId}::uuid)`);
}

export async function saveCategory(actor: OperatorUser, data: CategoryData): Promise<{ id: string }> {
  return db().transaction(async (tx) => {
    await ensureCategories(tx, actor);
    if (data.parentId) {
      const [parent] = await tx
        .select({ id: grievanceCategories.id, parentId: grievanceCategories.parentId })
        .from(grievanceCategories)
        .where(and(ownedBy(grievanceCategories, actor), eq(grievanceCategories.id, data.parentId)));
      if (!parent || parent.parentId || parent.id === data.categoryId)
        throw new DomainError('INVALID', 'unknownCategory', { parentId: ['unknownCategory'] });
    }
    const values = {
      parentId: data.parentId,
      code: data.code,
      nameKm: data.nameKm,
      nameEn: data.nameEn,
      slaDays: data.slaDays,
      sensitive: data.sensitive,
      active: data.active,
    };
    if (!data.categoryId) {
      const [taken] = await tx
        .select({ id: grievanceCategories.id })
        .from(grievanceCategories)
        .where(and(ownedBy(grievanceCategories, actor), eq(grievanceCategories.code, data.code)));
      if (taken && taken.id !== data.categoryId)
        throw new DomainError('CONFLICT', 'categoryCodeTaken', { code: ['categoryCodeTaken'] });
      const [row] = await tx
        .insert(grievanceCategories)
        .values({ ...values, operatorId: actor.operatorId })
        .returning();
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'grievance_category.create',
        entityType: 'grievance_category',
        entityId: row!.id,
        after: values,
      });
      return { id: row!.id };
    }
    const [before] = await tx
      .select()
      .from(grievanceCategories)
      .where(and(ownedBy(grievanceCategories, actor), eq(grievanceCategories.id, data.categoryId)))
      .for('update');
    if (!before) throw new DomainError('NOT_FOUND');
    const [taken] = await tx
      .select({ id: grievanceCategories.id })
      .from(grievanceCategories)
      .where(and(ownedBy(grievanceCategories, actor), eq(grievanceCategories.code, data.code)));
    if (taken && taken.id !== data.categoryId)
      throw new DomainError('CONFLICT', 'categoryCodeTaken', { code: ['categoryCodeTaken'] });
    // A category with sub-categories stays top-level (one level of nesting).
    if (data.parentId) {
      const [child] = await tx
        .select({ id: grievanceCategories.id })
        .from(grievanceCategories)
        .where(and(ownedBy(grievanceCategories, actor), eq(grievanceCategories.parentId, before.id)))
        .limit(1);
      if (child) throw new DomainError('INVALID', 'categoryHasChildren', { parentId: ['categoryHasChildren'] });
    }
    const d = diff(before as unknown as Record<string, unknown>, values);
    if (!d.changed) return { id: before.id };
    await tx.update(grievanceCategories).set(values).where(eq(grievanceCategories.id, before.id));
    if (before.sensitive !== data.sensitive) await resyncSensitivity(tx, actor, before.id);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'grievance_category.update',
      entityType: 'grievance_category',
      entityId: before.id,
      before: d.before,
      after: d.after,
    });
    return { id: before.id };
  });
}

export async function listHolidays(actor: OperatorUser, fromDay: string) {
  return db()
    .select()
    .from(operatorHolidays)
    .where(and(ownedBy(operatorHolidays, actor), sql`${operatorHolidays.day} >= ${fromDay}`))
    .orderBy(operatorHolidays.day);
}

/** Adds a holiday (or renames the day when it is one already). */
export async function addHoliday(actor: OperatorUser, data: HolidayData): Promise<null> {
  return db().transaction(async (tx) => {
    await tx
      .insert(operatorHolidays)
      .values({ operatorId: actor.operatorId, ...data })
      .onConflictDoUpdate({
        target: [operatorHolidays.operatorId, operatorHolidays.day],
        set: { nameKm: data.nameKm, nameEn: data.nameEn },
      });
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'operator_holiday.add',
      entityType: 'operator_holiday',
      entityId: data.day,
      after: data,
    });
    return null;
  });
}

export async function removeHoliday(actor: OperatorUser, data: { day: string }): Promise<null> {
  return db().transaction(async (tx) => {
    const removed = await tx
      .delete(operatorHolidays)
      .where(and(ownedBy(operatorHolidays, actor), eq(operatorHolidays.day, data.day)))
      .returning();
    if (removed.length === 0) throw new DomainError('NOT_FOUND');
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'operator_holiday.remove',
      entityType: 'operator_holiday',
      entityId: data.day,
      before: { ...removed[0]!, operatorId: undefined },
    });
    return null;
  });
}
