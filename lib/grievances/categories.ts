import 'server-only';
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { grievanceCategories, operatorHolidays } from '@/db/schema';
import type { Tenant } from '@/lib/auth/scope';
import { ownedBy } from '@/lib/auth/scope';
import en from '@/messages/en/grievances.json';
import km from '@/messages/km/grievances.json';
import { SEED_CATEGORIES } from './values';

/**
 * Gives the operator the standard categories (with Khmer and English names) if it has none of them
 * yet. Seeded on first use — intake, the settings page, the queue's filters — rather than at operator
 * creation: operators that existed before grievances get them too, and operator creation (another
 * module) needs no change. Idempotent and safe under concurrency: ON CONFLICT (operator, code) DO
 * NOTHING, so a category the administrator renamed or deactivated is left as it is.
 */
export async function ensureCategories(tx: Db, tenant: Tenant): Promise<void> {
  await tx
    .insert(grievanceCategories)
    .values(
      SEED_CATEGORIES.map((c) => ({
        operatorId: tenant.operatorId,
        code: c.code,
        nameKm: km.grievances.seedCategories[c.code],
        nameEn: en.grievances.seedCategories[c.code],
        sensitive: c.sensitive,
        slaDays: c.slaDays,
      })),
    )
    .onConflictDoNothing({ target: [grievanceCategories.operatorId, grievanceCategories.code] });
}

export interface CategoryOption {
  id: string;
  parentId: string | null;
  code: string;
  nameKm: string;
  nameEn: string;
  sensitive: boolean;
  slaDays: number;
  active: boolean;
}

/** The operator's categories and sub-categories (seeded on first use), ordered by name. */
export async function listCategories(tenant: Tenant, opts: { activeOnly?: boolean } = {}): Promise<CategoryOption[]> {
  return db().transaction(async (tx) => {
    await ensureCategories(tx, tenant);
    return tx
      .select({
        id: grievanceCategories.id,
        parentId: grievanceCategories.parentId,
        code: grievanceCategories.code,
        nameKm: grievanceCategories.nameKm,
        nameEn: grievanceCategories.nameEn,
        sensitive: grievanceCategories.sensitive,
        slaDays: grievanceCategories.slaDays,
        active: grievanceCategories.active,
      })
      .from(grievanceCategories)
      .where(
        and(ownedBy(grievanceCategories, tenant), opts.activeOnly ? eq(grievanceCategories.active, true) : sql`true`),
      )
      .orderBy(asc(grievanceCategories.nameEn));
  });
}

/** The operator's holidays between two days (inclusive). */
export async function holidaysBetween(tx: Db, tenant: Tenant, from: string, to: string): Promise<string[]> {
  const rows = await tx
    .select({ day: operatorHolidays.day })
    .from(operatorHolidays)
    .where(and(ownedBy(operatorHolidays, tenant), gte(operatorHolidays.day, from), lte(operatorHolidays.day, to)));
  return rows.map((r) => r.day);
}
