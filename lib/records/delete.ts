import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { households, members } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { householdSnapshot, memberSnapshot } from '@/lib/households/snapshot';
import { forgetUnsentMembers } from '@/lib/registry/outbox';
import { DELETE_WINDOW_SQL } from './read';

// The one hard delete in the platform: a household or member enrolled by mistake, within 24 hours
// of its creation, by its creator or an operator administrator, with a reason. The audit row keeps
// the full record (before = snapshot) and commits with the deletion. Anything older is corrected,
// moved, or marked deceased or exited — never deleted.

function assertMayDelete(actor: OperatorUser, row: { createdBy: string | null; withinWindow: boolean }): void {
  if (row.createdBy !== actor.id && !actor.roles.includes('operator_admin'))
    throw new DomainError('FORBIDDEN', 'deleteNotCreator');
  if (!row.withinWindow) throw new DomainError('FORBIDDEN', 'deleteWindowPassed');
}

const withinWindow = (createdAt: typeof households.createdAt | typeof members.createdAt) =>
  sql<boolean>`${createdAt} > now() - ${DELETE_WINDOW_SQL}`;

/**
 * A household or member enrolled in a programme (as beneficiary or recipient), or named in a
 * grievance, is a real record by now, not a mistake: refused with a message rather than the
 * foreign-key error at the delete.
 */
async function refuseIfReferenced(tx: Db, householdId: string | null, memberIds: readonly string[]) {
  const ids = JSON.stringify(memberIds);
  const [row] = await query<{ enrolled: boolean; grieved: boolean }>(
    tx,
    sql`with m as (select value::uuid as id from jsonb_array_elements_text(${ids}::jsonb))
      select exists (select 1 from benefit_enrolments be
          where (${householdId}::uuid is not null and be.household_id = ${householdId}::uuid)
            or be.member_id in (select id from m) or be.recipient_member_id in (select id from m)) as enrolled,
        exists (select 1 from grievances g where g.member_id in (select id from m)) as grieved`,
  );
  if (row?.enrolled) throw new DomainError('CONFLICT', 'deleteEnrolled');
  if (row?.grieved) throw new DomainError('CONFLICT', 'deleteHasGrievances');
}

export async function deleteHousehold(
  actor: OperatorUser,
  data: { householdId: string; reason: string },
): Promise<null> {
  return db().transaction(async (tx) => {
    const [h] = await tx
      .select({ row: households, withinWindow: withinWindow(households.createdAt) })
      .from(households)
      .where(and(eq(households.id, data.householdId), ownedBy(households, actor)))
      .for('update');
    if (!h) throw new DomainError('NOT_FOUND');
    assertMayDelete(actor, { createdBy: h.row.createdBy, withinWindow: h.withinWindow });
    const list = await tx
      .select({ row: members, withinWindow: withinWindow(members.createdAt) })
      .from(members)
      .where(and(eq(members.householdId, h.row.id), ownedBy(members, actor)))
      .for('update');
    // A member who existed before this household (moved in) was no mistake: move them out first.
    if (list.some((m) => !m.withinWindow)) throw new DomainError('FORBIDDEN', 'deleteOlderMembers');
    await refuseIfReferenced(
      tx,
      h.row.id,
      list.map(({ row }) => row.id),
    );
    const base = { operatorId: actor.operatorId, actorId: actor.id };
    for (const { row: m } of list) {
      await writeAudit(tx, {
        ...base,
        action: 'member.delete',
        entityType: 'member',
        entityId: m.id,
        before: memberSnapshot(m),
        after: { reason: data.reason },
      });
    }
    await forgetUnsentMembers(
      tx,
      list.map(({ row }) => row.id),
    );
    await tx.delete(members).where(and(eq(members.householdId, h.row.id), ownedBy(members, actor)));
    await tx.delete(households).where(eq(households.id, h.row.id));
    await writeAudit(tx, {
      ...base,
      action: 'household.delete',
      entityType: 'household',
      entityId: h.row.id,
      before: householdSnapshot(h.row),
      after: { reason: data.reason },
    });
    return null;
  });
}

export async function deleteMember(
  actor: OperatorUser,
  data: { memberId: string; reason: string },
): Promise<{ householdId: string }> {
  return db().transaction(async (tx) => {
    const [m] = await tx
      .select({ row: members, withinWindow: withinWindow(members.createdAt) })
      .from(members)
      .where(and(eq(members.id, data.memberId), ownedBy(members, actor)))
      .for('update');
    if (!m) throw new DomainError('NOT_FOUND');
    assertMayDelete(actor, { createdBy: m.row.createdBy, withinWindow: m.withinWindow });
    const [others] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(members)
      .where(and(eq(members.householdId, m.row.householdId), sql`${members.id} <> ${m.row.id}`));
    if (!others?.n) throw new DomainError('INVALID', 'deleteLastMember');
    if (m.row.relationship === 'head') throw new DomainError('INVALID', 'deleteHeadFirst');
    await refuseIfReferenced(tx, null, [m.row.id]);
    await forgetUnsentMembers(tx, [m.row.id]);
    await tx.delete(members).where(eq(members.id, m.row.id));
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'member.delete',
      entityType: 'member',
      entityId: m.row.id,
      before: memberSnapshot(m.row),
      after: { reason: data.reason },
    });
    return { householdId: m.row.householdId };
  });
}
