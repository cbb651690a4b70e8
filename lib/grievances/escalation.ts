import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { grievanceCategories, grievanceEvents, grievances, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { visibleTo, type GrievanceReader } from './scope';
import { breachedSql } from './sla';

/**
 * Escalates the operator's breached grievances: each open grievance past its due day and not yet
 * escalated gets escalated_at and an 'escalated' event (and an audit row, by no user), in one
 * transaction. Done lazily: the queue, the grievance page and the administrator's home page call it
 * before they read, so a breach shows up the moment anyone looks, with no scheduler to run. Safe to
 * run concurrently: the UPDATE only takes rows whose escalated_at is still null (re-checked under the
 * row lock), so a grievance is escalated once.
 */
export async function escalateBreached(tenant: Tenant, now: Date = new Date()): Promise<number> {
  return db().transaction(async (tx) => {
    const done = await tx
      .update(grievances)
      .set({ escalatedAt: now })
      .where(and(ownedBy(grievances, tenant), isNull(grievances.escalatedAt), breachedSql(now)))
      .returning({ id: grievances.id, status: grievances.status, dueOn: grievances.dueOn });
    if (done.length === 0) return 0;
    await tx.insert(grievanceEvents).values(
      done.map((g) => ({
        operatorId: tenant.operatorId,
        grievanceId: g.id,
        kind: 'escalated' as const,
        fromStatus: g.status,
        toStatus: g.status,
        at: now,
      })),
    );
    for (const g of done) {
      await writeAudit(tx, {
        operatorId: tenant.operatorId,
        actorId: null,
        action: 'grievance.escalate',
        entityType: 'grievance',
        entityId: g.id,
        after: { escalatedAt: now.toISOString(), dueOn: g.dueOn },
      });
    }
    return done.length;
  });
}

/** The escalated (breached, still open) grievances for the administrator's home page, oldest due first. */
export async function escalatedGrievances(reader: GrievanceReader, now: Date = new Date(), limit = 10) {
  await escalateBreached(reader, now);
  const category = alias(grievanceCategories, 'category');
  const assignee = alias(users, 'assignee');
  const where = and(visibleTo(reader), breachedSql(now));
  const [{ n } = { n: 0 }] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(grievances)
    .where(where);
  const items = await db()
    .select({
      id: grievances.id,
      code: grievances.code,
      status: grievances.status,
      dueOn: grievances.dueOn,
      categoryNameKm: category.nameKm,
      categoryNameEn: category.nameEn,
      assigneeName: assignee.name,
    })
    .from(grievances)
    .innerJoin(category, eq(category.id, grievances.categoryId))
    .leftJoin(assignee, eq(assignee.id, grievances.assignedTo))
    .where(where)
    .orderBy(grievances.dueOn, desc(grievances.receivedAt))
    .limit(limit);
  return { total: Number(n), items };
}
