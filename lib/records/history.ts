import 'server-only';
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { adminUnits, auditLog, households, members, users } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf } from '@/lib/auth/scope';

// A record's history is read from the audit trail, which already holds every change with its
// before/after values. History is bounded: the newest entries, enough for any real record.
export const HISTORY_LIMIT = 300;

export interface HistoryEntry {
  id: number;
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Names for the ids and codes that history values mention, all within the actor's operator. */
export interface HistoryRefs {
  householdCodes: Record<string, string>;
  /** Members that exist (their pages can be linked). */
  memberNames: Record<string, string>;
  /** Members deleted since, named from the snapshot their deletion kept. */
  deletedMemberNames: Record<string, string>;
  villages: Record<string, { nameKm: string; nameLatin: string }>;
}

async function entries(actor: OperatorUser, where: SQL): Promise<HistoryEntry[]> {
  const rows = await db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      actorName: users.name,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(ownedBy(auditLog, actor), where))
    .orderBy(desc(auditLog.id))
    .limit(HISTORY_LIMIT);
  return rows.map((r) => ({
    ...r,
    before: r.before as HistoryEntry['before'],
    after: r.after as HistoryEntry['after'],
  }));
}

export async function memberHistory(actor: OperatorUser, memberId: string): Promise<HistoryEntry[]> {
  return entries(actor, and(eq(auditLog.entityType, 'member'), eq(auditLog.entityId, memberId))!);
}

/**
 * The household's own changes, and its members' arrivals and departures: created here, moved in
 * or out, deleted — plus deaths and exits of its present members. Members that left are found
 * through the (rare) move and delete rows naming this household, so the query stays on indexes
 * for the common creates.
 */
export async function householdHistory(actor: OperatorUser, householdId: string): Promise<HistoryEntry[]> {
  const here = sql`(${auditLog.before}->>'householdId' = ${householdId} or ${auditLog.after}->>'householdId' = ${householdId})`;
  const present = sql`select ${members.id}::text from ${members} where ${members.householdId} = ${householdId} and ${members.operatorId} = ${tenantOf(actor)}`;
  const departed = sql`select ${auditLog.entityId} from ${auditLog} where ${auditLog.operatorId} = ${tenantOf(actor)}
    and ${auditLog.entityType} = 'member' and ${auditLog.action} in ('member.move', 'member.delete') and ${here}`;
  return entries(
    actor,
    or(
      and(eq(auditLog.entityType, 'household'), eq(auditLog.entityId, householdId)),
      and(
        eq(auditLog.entityType, 'member'),
        sql`${auditLog.entityId} in (${present} union ${departed})`,
        or(
          and(inArray(auditLog.action, ['member.create', 'member.move', 'member.delete']), here),
          and(inArray(auditLog.action, ['member.death', 'member.exit']), sql`${auditLog.entityId} in (${present})`),
        ),
      ),
    )!,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function valuesOf(list: HistoryEntry[], key: string): string[] {
  const out = new Set<string>();
  for (const e of list) {
    for (const side of [e.before, e.after]) {
      const v = side?.[key];
      if (typeof v === 'string') out.add(v);
    }
  }
  return [...out];
}

export async function historyRefs(actor: OperatorUser, list: HistoryEntry[]): Promise<HistoryRefs> {
  const householdIds = valuesOf(list, 'householdId').filter((v) => UUID.test(v));
  const memberIds = [
    ...new Set([
      ...valuesOf(list, 'headMemberId'),
      ...list.filter((e) => e.entityType === 'member').map((e) => e.entityId),
    ]),
  ].filter((v) => UUID.test(v));
  const villageCodes = valuesOf(list, 'villageCode');
  const [hs, ms, vs] = await Promise.all([
    householdIds.length
      ? db()
          .select({ id: households.id, code: households.code })
          .from(households)
          .where(and(ownedBy(households, actor), inArray(households.id, householdIds)))
      : [],
    memberIds.length
      ? db()
          .select({ id: members.id, surnameKm: members.surnameKm, givenNameKm: members.givenNameKm })
          .from(members)
          .where(and(ownedBy(members, actor), inArray(members.id, memberIds)))
      : [],
    villageCodes.length
      ? db()
          .select({ code: adminUnits.code, nameKm: adminUnits.nameKm, nameLatin: adminUnits.nameLatin })
          .from(adminUnits)
          .where(inArray(adminUnits.code, villageCodes))
      : [],
  ]);
  const deletedMemberNames: Record<string, string> = {};
  for (const e of list) {
    const b = e.before;
    if (e.action === 'member.delete' && typeof b?.surnameKm === 'string')
      deletedMemberNames[e.entityId] = `${b.surnameKm} ${String(b.givenNameKm ?? '')}`;
  }
  return {
    householdCodes: Object.fromEntries(hs.map((h) => [h.id, h.code])),
    memberNames: Object.fromEntries(ms.map((m) => [m.id, `${m.surnameKm} ${m.givenNameKm}`])),
    deletedMemberNames,
    villages: Object.fromEntries(vs.map((v) => [v.code, { nameKm: v.nameKm, nameLatin: v.nameLatin }])),
  };
}
