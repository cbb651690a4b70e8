import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  identityVerifications,
  memberRegistry,
  members,
  REGISTRY_STATES,
  registryReviews,
  type RegistryState,
} from '@/db/schema';
import { query } from '@/db/rows';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf } from '@/lib/auth/scope';

export interface SyncDashboard {
  counts: Record<RegistryState, number>;
  /** Records answered by the registry in the last hour and the last 24 hours. */
  sentLastHour: number;
  sentLastDay: number;
  oldestPendingAt: Date | null;
  problems: {
    memberId: string;
    name: string;
    state: RegistryState;
    lastError: string | null;
    reasonCode: string | null;
    reasonMessage: string | null;
    attempts: number;
    updatedAt: Date;
  }[];
}

const toDate = (v: Date | string | null | undefined) => (v ? new Date(v) : null);

/** The sync dashboard of one operator (set-based counts; problems are the latest 20). */
export async function syncDashboard(actor: OperatorUser): Promise<SyncDashboard> {
  const states = await query<{ state: RegistryState; n: number | string }>(
    db(),
    sql`
    SELECT state, count(*) AS n FROM member_registry WHERE operator_id = ${tenantOf(actor)} GROUP BY state`,
  );
  const [notSent] = await query<{ n: number | string }>(
    db(),
    sql`
    SELECT count(*) AS n FROM members m WHERE m.operator_id = ${tenantOf(actor)}
      AND NOT EXISTS (SELECT 1 FROM member_registry r WHERE r.member_id = m.id)`,
  );
  const [flow] = await query<{ hour: number | string; day: number | string; oldest: Date | string | null }>(
    db(),
    sql`
    SELECT count(*) FILTER (WHERE status = 'done' AND sent_at > now() - interval '1 hour') AS hour,
           count(*) FILTER (WHERE status = 'done' AND sent_at > now() - interval '1 day') AS day,
           min(created_at) FILTER (WHERE status IN ('pending', 'in_flight', 'acked')) AS oldest
    FROM registry_outbox WHERE operator_id = ${tenantOf(actor)}`,
  );
  const counts = Object.fromEntries(REGISTRY_STATES.map((s) => [s, 0])) as Record<RegistryState, number>;
  for (const s of states) counts[s.state] = Number(s.n);
  counts.not_sent += Number(notSent?.n ?? 0);
  const problems = await db()
    .select({
      memberId: memberRegistry.memberId,
      surnameKm: members.surnameKm,
      givenNameKm: members.givenNameKm,
      state: memberRegistry.state,
      lastError: memberRegistry.lastError,
      reasonCode: memberRegistry.lastReasonCode,
      reasonMessage: memberRegistry.lastReasonMessage,
      attempts: memberRegistry.attempts,
      updatedAt: memberRegistry.updatedAt,
    })
    .from(memberRegistry)
    .innerJoin(members, eq(members.id, memberRegistry.memberId))
    .where(and(ownedBy(memberRegistry, actor), sql`${memberRegistry.state} IN ('needs_attention', 'rejected')`))
    .orderBy(desc(memberRegistry.updatedAt))
    .limit(20);
  return {
    counts,
    sentLastHour: Number(flow?.hour ?? 0),
    sentLastDay: Number(flow?.day ?? 0),
    oldestPendingAt: toDate(flow?.oldest),
    problems: problems.map(({ surnameKm, givenNameKm, ...p }) => ({ ...p, name: `${surnameKm} ${givenNameKm}` })),
  };
}

export interface MemberSync {
  state: RegistryState;
  spid: string | null;
  lastError: string | null;
  /** The registry's reason code and words when it refused the record (shown to staff, never logged). */
  reasonCode: string | null;
  reasonMessage: string | null;
  verification: { match: string; xRoadId: string; verifiedAt: Date } | null;
}

/** A member's sync state and latest Khmer ID check, within the operator (another operator's member: null). */
export async function memberSync(actor: OperatorUser, memberId: string): Promise<MemberSync | null> {
  const [m] = await db()
    .select({
      id: members.id,
      state: memberRegistry.state,
      spid: memberRegistry.spid,
      lastError: memberRegistry.lastError,
      reasonCode: memberRegistry.lastReasonCode,
      reasonMessage: memberRegistry.lastReasonMessage,
    })
    .from(members)
    .leftJoin(memberRegistry, eq(memberRegistry.memberId, members.id))
    .where(and(eq(members.id, memberId), ownedBy(members, actor)));
  if (!m) return null;
  const [v] = await db()
    .select({
      match: identityVerifications.match,
      xRoadId: identityVerifications.xRoadId,
      verifiedAt: identityVerifications.verifiedAt,
    })
    .from(identityVerifications)
    .where(and(eq(identityVerifications.memberId, memberId), ownedBy(identityVerifications, actor)))
    .orderBy(desc(identityVerifications.verifiedAt))
    .limit(1);
  return {
    state: m.state ?? 'not_sent',
    spid: m.spid ?? null,
    lastError: m.lastError ?? null,
    reasonCode: m.reasonCode ?? null,
    reasonMessage: m.reasonMessage ?? null,
    verification: v ?? null,
  };
}

/** Sync state and SPID of several members at once (a household's page), within the operator. */
export async function membersSync(
  actor: OperatorUser,
  memberIds: string[],
): Promise<Map<string, { state: RegistryState; spid: string | null }>> {
  if (!memberIds.length) return new Map();
  const rows = await db()
    .select({ id: members.id, state: memberRegistry.state, spid: memberRegistry.spid })
    .from(members)
    .leftJoin(memberRegistry, eq(memberRegistry.memberId, members.id))
    .where(and(inArray(members.id, memberIds), ownedBy(members, actor)));
  return new Map(rows.map((r) => [r.id, { state: r.state ?? 'not_sent', spid: r.spid ?? null }]));
}

/** The open review queue: members the registry holds as possible duplicates. */
export async function openReviews(actor: OperatorUser, limit = 50) {
  const rows = await db()
    .select({
      id: registryReviews.id,
      memberId: registryReviews.memberId,
      reasonCode: registryReviews.reasonCode,
      spid: registryReviews.spid,
      candidateSpid: registryReviews.candidateSpid,
      createdAt: registryReviews.createdAt,
      surnameKm: members.surnameKm,
      givenNameKm: members.givenNameKm,
      khmerId: members.khmerId,
    })
    .from(registryReviews)
    .innerJoin(members, eq(members.id, registryReviews.memberId))
    .where(and(ownedBy(registryReviews, actor), eq(registryReviews.status, 'open')))
    .orderBy(registryReviews.createdAt)
    .limit(limit);
  return rows.map(({ surnameKm, givenNameKm, ...r }) => ({ ...r, name: `${surnameKm} ${givenNameKm}` }));
}
