import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { grievanceEvents, grievances, users, type GrievanceRow } from '@/db/schema';
import { diff, writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { grievanceSnapshot } from './intake';
import type { AssignGrievanceData, CommentGrievanceData, MoveGrievanceData, ReopenGrievanceData } from './schemas';
import { visibleTo } from './scope';
import type { GrievanceStatus } from './values';

// The handling workflow: received → in_review → resolved | rejected (with a resolution) → closed;
// resolved, rejected or closed may reopen (back to in_review) within 30 days of the resolution or the
// closure. Every step, in one transaction: the grievance read under the visibility rule and locked,
// its version checked, the change, a grievance_events row, the audit row.

/** Who may take a grievance: an active user of the same operator who handles grievances. */
export const ASSIGNABLE_ROLES = ['grievance_officer', 'operator_admin'] as const;
export const REOPEN_DAYS = 30;

/** The statuses each status may move to (reopening is its own step). */
export const NEXT_STATUS: Record<GrievanceStatus, readonly GrievanceStatus[]> = {
  received: ['in_review'],
  in_review: ['resolved', 'rejected'],
  // `satisfies`: test/i18n.test.ts would read a plain one-element list here as a field error's key.
  resolved: ['closed' satisfies GrievanceStatus],
  rejected: ['closed' satisfies GrievanceStatus],
  closed: [],
};

/** Why a move is refused, in words the officer can act on (messages: errors.<key>). */
function refusal(from: GrievanceStatus, to: GrievanceStatus): string {
  if (from === 'closed') return 'grievanceClosed';
  if (to === 'in_review') return 'reviewOnlyReceived';
  if (to === 'resolved' || to === 'rejected') return 'decideOnlyInReview';
  return 'closeOnlyDecided';
}

/** The grievance, visible to the actor, locked for the change; a stale version is a conflict. */
async function lockVisible(tx: Db, actor: OperatorUser, id: string, version?: number): Promise<GrievanceRow> {
  const [g] = await tx
    .select()
    .from(grievances)
    .where(and(visibleTo(actor), eq(grievances.id, id)))
    .for('update');
  if (!g) throw new DomainError('NOT_FOUND');
  if (version !== undefined && g.version !== version) throw new DomainError('CONFLICT', 'grievanceChanged');
  return g;
}

async function record(
  tx: Db,
  actor: OperatorUser,
  before: GrievanceRow,
  changes: Partial<GrievanceRow>,
  event: { kind: (typeof grievanceEvents.$inferInsert)['kind']; body?: string | null },
  action: string,
) {
  const now = new Date();
  const [after] = await tx
    .update(grievances)
    .set({ ...changes, version: before.version + 1, updatedAt: now })
    .where(eq(grievances.id, before.id))
    .returning();
  await tx.insert(grievanceEvents).values({
    operatorId: actor.operatorId,
    grievanceId: before.id,
    kind: event.kind,
    fromStatus: before.status,
    toStatus: after!.status,
    body: event.body ?? null,
    actorId: actor.id,
    at: now,
  });
  const d = diff(grievanceSnapshot(before), grievanceSnapshot(after!));
  await writeAudit(tx, {
    operatorId: actor.operatorId,
    actorId: actor.id,
    action,
    entityType: 'grievance',
    entityId: before.id,
    before: d.before,
    after: d.after,
  });
  return { version: after!.version, status: after!.status as GrievanceStatus };
}

/** Assigns the grievance to a grievance officer (or administrator) of the same operator. */
export async function assignGrievance(actor: OperatorUser, data: AssignGrievanceData) {
  return db().transaction(async (tx) => {
    const g = await lockVisible(tx, actor, data.grievanceId, data.version);
    if (g.status === 'closed') throw new DomainError('INVALID', 'grievanceClosed');
    const [assignee] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          ownedBy(users, actor),
          eq(users.id, data.assigneeId),
          eq(users.active, true),
          sql`${users.roles} && ARRAY['grievance_officer', 'operator_admin']::text[]`,
        ),
      );
    if (!assignee) throw new DomainError('INVALID', 'assigneeNotOfficer', { assigneeId: ['assigneeNotOfficer'] });
    if (g.assignedTo === assignee.id) return { version: g.version, status: g.status as GrievanceStatus };
    return record(
      tx,
      actor,
      g,
      { assignedTo: assignee.id },
      { kind: 'assigned', body: assignee.id },
      'grievance.assign',
    );
  });
}

/** Moves the grievance one step: review, resolve or reject (with the resolution), close. */
export async function moveGrievance(actor: OperatorUser, data: MoveGrievanceData) {
  return db().transaction(async (tx) => {
    const g = await lockVisible(tx, actor, data.grievanceId, data.version);
    const from = g.status as GrievanceStatus;
    if (!NEXT_STATUS[from].includes(data.to)) throw new DomainError('INVALID', refusal(from, data.to));
    const now = new Date();
    const changes: Partial<GrievanceRow> = { status: data.to };
    if (data.to === 'resolved' || data.to === 'rejected') {
      if (!data.resolution)
        throw new DomainError('INVALID', 'resolutionRequired', { resolution: ['resolutionRequired'] });
      Object.assign(changes, { resolution: data.resolution, resolvedAt: now });
    }
    if (data.to === 'closed') changes.closedAt = now;
    const body = data.to === 'resolved' || data.to === 'rejected' ? data.resolution : null;
    return record(tx, actor, g, changes, { kind: 'status', body }, 'grievance.status');
  });
}

/** The day a reopening counts from: the closure, or the resolution when it was not closed. */
function settledAt(g: GrievanceRow): Date | null {
  return g.status === 'closed' ? (g.closedAt ?? g.resolvedAt) : g.resolvedAt;
}

/** Reopens a resolved, rejected or closed grievance (back to in review) within 30 days, with the reason. */
export async function reopenGrievance(actor: OperatorUser, data: ReopenGrievanceData, now: Date = new Date()) {
  return db().transaction(async (tx) => {
    const g = await lockVisible(tx, actor, data.grievanceId, data.version);
    if (!['resolved', 'rejected', 'closed'].includes(g.status)) throw new DomainError('INVALID', 'reopenOnlySettled');
    const since = settledAt(g);
    if (!since || now.getTime() - since.getTime() > REOPEN_DAYS * 24 * 3600_000)
      throw new DomainError('INVALID', 'reopenTooLate');
    return record(
      tx,
      actor,
      g,
      { status: 'in_review', resolution: null, resolvedAt: null, closedAt: null },
      { kind: 'reopened', body: data.reason },
      'grievance.reopen',
    );
  });
}

/** An internal comment (never shown to the complainant); the grievance itself does not change. */
export async function commentGrievance(actor: OperatorUser, data: CommentGrievanceData) {
  return db().transaction(async (tx) => {
    const g = await lockVisible(tx, actor, data.grievanceId);
    const [event] = await tx
      .insert(grievanceEvents)
      .values({
        operatorId: actor.operatorId,
        grievanceId: g.id,
        kind: 'comment',
        fromStatus: g.status,
        toStatus: g.status,
        body: data.body,
        actorId: actor.id,
      })
      .returning({ id: grievanceEvents.id });
    // The comment's text stays in the history; the trail records that one was written.
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'grievance.comment',
      entityType: 'grievance',
      entityId: g.id,
      after: { eventId: event!.id },
    });
    return { eventId: event!.id };
  });
}
