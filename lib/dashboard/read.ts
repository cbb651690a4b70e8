import 'server-only';
import { and, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { grievances, paymentLists } from '@/db/schema';
import { query } from '@/db/rows';
import type { OperatorUser } from '@/lib/auth/guards';
import { can } from '@/lib/auth/policy';
import { ownedBy, tenantOf } from '@/lib/auth/scope';
import { seesAllGrievances, visibleTo } from '@/lib/grievances/scope';
import { atRiskSql, breachedSql, OPEN_STATUSES, onTrackSql } from '@/lib/grievances/sla';
import { ENROLMENT_STATUSES, LIST_STATUSES, type EnrolmentStatus, type ListStatus } from '@/lib/payments/values';
import { REGISTRY_STATES, type RegistryState } from '@/lib/registry/states';
import { lastRefresh, refreshDashboard } from './refresh';
import { AGE_BANDS, INLINE_MAX_MEMBERS, MAX_AGE_MS, type AgeBand } from './values';

// The home dashboard of one operator user: each block only for roles whose areas may read its data
// (lib/auth/policy.ts), null otherwise. Member, enrolment and registry counts come from the summary
// tables (lib/dashboard/refresh.ts): recomputed on the visit when that is cheap (a small operator:
// its figures are always current), else served for up to five minutes and recomputed after the
// answer (a million members: the page never waits for a count). The server keeps them warm ahead of
// visits (lib/dashboard/ahead.ts), so a visit finds them computed, and fresh, in the usual case. Payment lists and open grievances
// are few per operator and are counted live (indexed on operator and status), grievances under the
// reader's visibility rule.

export interface BySex {
  F: number;
  M: number;
}

export interface DashboardData {
  /** When the summary counts were computed. */
  asOf: Date;
  /** Older than the refresh interval: the page asks for a refresh after answering. */
  stale: boolean;
  members: {
    total: number;
    provinces: ({ code: string; nameKm: string | null; nameLatin: string | null } & BySex)[];
    ageBands: ({ band: AgeBand } & BySex)[];
  } | null;
  enrolments: { id: string; nameKm: string; nameEn: string; counts: Record<EnrolmentStatus, number> }[] | null;
  payments: {
    currencies: { currency: string; statuses: { status: ListStatus; lists: number; amount: number }[] }[];
    awaitingApproval: number;
  } | null;
  grievances: { onTrack: number; atRisk: number; breached: number | null } | null;
  registry: Record<RegistryState, number> | null;
}

type Num = number | string;

export async function homeDashboard(
  user: OperatorUser,
  opts: { now?: Date; maxAgeMs?: number; inlineMaxMembers?: number } = {},
): Promise<DashboardData> {
  const now = opts.now ?? new Date();
  const maxAgeMs = opts.maxAgeMs ?? MAX_AGE_MS;
  let last = await lastRefresh(user);
  if (!last) {
    // Never computed for this operator (its first visit): compute now, or wait for whoever is.
    await refreshDashboard(user, { now, wait: true, maxAgeMs });
    last = await lastRefresh(user);
  } else if (last.members <= (opts.inlineMaxMembers ?? INLINE_MAX_MEMBERS) && last.at < now) {
    // Cheap (a small operator): recompute now, unless another instance is doing so at this moment.
    if ((await refreshDashboard(user, { now, maxAgeMs: 0 })) === 'refreshed') last = await lastRefresh(user);
  }
  const asOf = last?.at ?? now;
  const [members, enrolments, payments, grievanceCounts, registry] = await Promise.all([
    can(user, 'households') ? memberCounts(user) : null,
    can(user, 'programmes') ? enrolmentCounts(user) : null,
    can(user, 'payments') ? paymentTotals(user) : null,
    can(user, 'grievances') ? grievanceStates(user, now) : null,
    can(user, 'registry') ? syncCounts(user) : null,
  ]);
  return {
    asOf,
    stale: now.getTime() - asOf.getTime() >= maxAgeMs,
    members,
    enrolments,
    payments,
    grievances: grievanceCounts,
    registry,
  };
}

async function memberCounts(user: OperatorUser): Promise<NonNullable<DashboardData['members']>> {
  const rows = await query<{
    province: string;
    name_km: string | null;
    name_latin: string | null;
    sex: 'F' | 'M';
    band: AgeBand;
    n: Num;
  }>(
    db(),
    sql`SELECT c.province_code AS province, u.name_km, u.name_latin, c.sex, c.age_band AS band, c.members AS n
        FROM dashboard_member_counts c LEFT JOIN admin_units u ON u.code = c.province_code
        WHERE c.operator_id = ${tenantOf(user)}`,
  );
  const provinces = new Map<string, NonNullable<DashboardData['members']>['provinces'][number]>();
  const bands = new Map(AGE_BANDS.map((band) => [band, { band, F: 0, M: 0 }]));
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    const p = provinces.get(r.province) ?? {
      code: r.province,
      nameKm: r.name_km,
      nameLatin: r.name_latin,
      F: 0,
      M: 0,
    };
    p[r.sex] += n;
    provinces.set(r.province, p);
    const b = bands.get(r.band);
    if (b) b[r.sex] += n;
  }
  return {
    total,
    // Most members first; an unknown province ('') last.
    provinces: [...provinces.values()].sort(
      (a, b) =>
        Number(a.code === '') - Number(b.code === '') || b.F + b.M - (a.F + a.M) || a.code.localeCompare(b.code),
    ),
    ageBands: [...bands.values()],
  };
}

async function enrolmentCounts(user: OperatorUser): Promise<NonNullable<DashboardData['enrolments']>> {
  // Active programmes even before their first enrolment; others only while they have enrolments.
  const rows = await query<{ id: string; name_km: string; name_en: string; status: string | null; n: Num | null }>(
    db(),
    sql`SELECT p.id, p.name_km, p.name_en, c.status, c.enrolments AS n
        FROM programmes p
        LEFT JOIN dashboard_enrolment_counts c ON c.programme_id = p.id AND c.operator_id = ${tenantOf(user)}
        WHERE p.operator_id = ${tenantOf(user)} AND (p.status = 'active' OR c.enrolments > 0)
        ORDER BY p.name_en, p.id`,
  );
  const out = new Map<string, NonNullable<DashboardData['enrolments']>[number]>();
  for (const r of rows) {
    const p = out.get(r.id) ?? {
      id: r.id,
      nameKm: r.name_km,
      nameEn: r.name_en,
      counts: Object.fromEntries(ENROLMENT_STATUSES.map((s) => [s, 0])) as Record<EnrolmentStatus, number>,
    };
    if (r.status && (ENROLMENT_STATUSES as readonly string[]).includes(r.status))
      p.counts[r.status as EnrolmentStatus] += Number(r.n ?? 0);
    out.set(r.id, p);
  }
  return [...out.values()];
}

async function paymentTotals(user: OperatorUser): Promise<NonNullable<DashboardData['payments']>> {
  const rows = await db()
    .select({
      currency: paymentLists.currency,
      status: paymentLists.status,
      lists: sql<Num>`count(*)`,
      amount: sql<Num>`coalesce(sum(${paymentLists.totalAmount}), 0)`,
    })
    .from(paymentLists)
    .where(ownedBy(paymentLists, user))
    .groupBy(paymentLists.currency, paymentLists.status);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return {
    currencies: currencies.map((currency) => ({
      currency,
      statuses: LIST_STATUSES.map((status) => {
        const r = rows.find((x) => x.currency === currency && x.status === status);
        return { status, lists: Number(r?.lists ?? 0), amount: Number(r?.amount ?? 0) };
      }),
    })),
    awaitingApproval: rows.filter((r) => r.status === 'submitted').reduce((s, r) => s + Number(r.lists), 0),
  };
}

async function grievanceStates(user: OperatorUser, now: Date): Promise<NonNullable<DashboardData['grievances']>> {
  // Breaches are the administrators' to act on (they are escalated to them): only they see that count.
  const admin = seesAllGrievances(user);
  const [row] = await db()
    .select({
      onTrack: sql<Num>`count(*) FILTER (WHERE ${onTrackSql(now)})`,
      atRisk: sql<Num>`count(*) FILTER (WHERE ${atRiskSql(now)})`,
      breached: sql<Num>`count(*) FILTER (WHERE ${breachedSql(now)})`,
    })
    .from(grievances)
    .where(and(visibleTo(user), inArray(grievances.status, [...OPEN_STATUSES])));
  return {
    onTrack: Number(row?.onTrack ?? 0),
    atRisk: Number(row?.atRisk ?? 0),
    breached: admin ? Number(row?.breached ?? 0) : null,
  };
}

async function syncCounts(user: OperatorUser): Promise<Record<RegistryState, number>> {
  const rows = await query<{ state: string; n: Num }>(
    db(),
    sql`SELECT state, members AS n FROM dashboard_sync_counts WHERE operator_id = ${tenantOf(user)}`,
  );
  const counts = Object.fromEntries(REGISTRY_STATES.map((s) => [s, 0])) as Record<RegistryState, number>;
  for (const r of rows) if (r.state in counts) counts[r.state as RegistryState] = Number(r.n);
  return counts;
}
