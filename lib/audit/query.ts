import 'server-only';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';

export const AUDIT_PAGE_SIZE = 50;

// Year 0 is a date to zod and JavaScript but not to PostgreSQL (a 500 before): a day from 1900 on, else no filter.
const optionalDate = z.iso
  .date()
  .refine((d) => d >= '1900-01-01')
  .optional()
  .catch(undefined);
export const auditFilterSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/)
    .optional()
    .catch(undefined),
  from: optionalDate,
  to: optionalDate,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

// Dates in the filter are calendar days in Cambodia (UTC+7, no daylight saving).
const dayStart = (d: string) => new Date(`${d}T00:00:00+07:00`);

/** The operator's trail, newest first, keyset-paginated on id. */
export async function listAudit(actor: OperatorUser, filter: AuditFilter) {
  const where: SQL[] = [ownedBy(auditLog, actor)];
  if (filter.actor) where.push(eq(auditLog.actorId, filter.actor));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.from) where.push(gte(auditLog.at, dayStart(filter.from)));
  if (filter.to) where.push(lte(auditLog.at, new Date(dayStart(filter.to).getTime() + 86_400_000 - 1)));
  if (filter.before) where.push(lt(auditLog.id, filter.before));
  const rows = await db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { rows: page, nextBefore: more ? page[page.length - 1]!.id : null };
}

export async function listAuditActions(actor: OperatorUser): Promise<string[]> {
  const rows = await db()
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(ownedBy(auditLog, actor))
    .orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
