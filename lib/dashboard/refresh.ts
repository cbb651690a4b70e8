import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import { cambodiaDay } from '@/lib/grievances/sla';
import { MAX_AGE_MS } from './values';

// Recomputes one operator's dashboard counts (db/schema/dashboard.ts) with three INSERT … SELECT
// statements in one transaction: readers keep seeing the previous counts until it commits.
//
// One instance at a time: the transaction first takes an advisory lock on the operator. A page that
// found the counts stale asks with `wait: false` and gives up at once when another instance holds
// the lock (that one is already recomputing); a page that found no counts at all waits for it, then
// finds them fresh and does not recompute them again.

export type RefreshOutcome = 'refreshed' | 'fresh' | 'busy';

const lockKey = (actor: Tenant) => sql`hashtext('dashboard'), hashtext(${actor.operatorId}::text)`;

export interface LastRefresh {
  at: Date;
  /** How long computing them took. */
  tookMs: number;
  /** Members counted (of any status): a small operator's counts are cheap enough to compute on every visit. */
  members: number;
}

/** When the operator's counts were last computed (and how long it took), or null if never. */
export async function lastRefresh(actor: Tenant, tx: Db = db()): Promise<LastRefresh | null> {
  const [row] = await query<{ at: Date | string; took_ms: number; members: number }>(
    tx,
    sql`SELECT refreshed_at AS at, took_ms, members FROM dashboard_refreshes WHERE operator_id = ${tenantOf(actor)}`,
  );
  return row ? { at: new Date(row.at), tookMs: Number(row.took_ms), members: Number(row.members) } : null;
}

export async function refreshDashboard(
  actor: Tenant,
  opts: { now?: Date; wait?: boolean; maxAgeMs?: number; force?: boolean } = {},
): Promise<RefreshOutcome> {
  const now = opts.now ?? new Date();
  const maxAge = opts.maxAgeMs ?? MAX_AGE_MS;
  return db().transaction(async (tx) => {
    if (opts.wait) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(actor)})`);
    } else {
      const [got] = await query<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${lockKey(actor)}) AS ok`);
      if (!got?.ok) return 'busy';
    }
    // Another instance may have recomputed them while this one waited for the lock.
    const last = await lastRefresh(actor, tx);
    if (!opts.force && last && now.getTime() - last.at.getTime() < maxAge) return 'fresh';
    const started = performance.now();
    const members = await recompute(tx, actor, now);
    const tookMs = Math.round(performance.now() - started);
    await tx.execute(sql`
      INSERT INTO dashboard_refreshes (operator_id, refreshed_at, took_ms, members)
      VALUES (${tenantOf(actor)}, ${now.toISOString()}::timestamptz, ${tookMs}, ${members})
      ON CONFLICT (operator_id) DO UPDATE
        SET refreshed_at = excluded.refreshed_at, took_ms = excluded.took_ms, members = excluded.members`);
    return 'refreshed';
  });
}

/** Recomputes the counts; answers the number of members counted (of any status). */
async function recompute(tx: Db, actor: Tenant, now: Date): Promise<number> {
  const op = tenantOf(actor);
  // Ages on the day in Phnom Penh; a member with only a birth year is counted by that year.
  const today = sql`${cambodiaDay(now)}::date`;
  const age = sql`(CASE WHEN m.birth_date IS NOT NULL THEN date_part('year', age(${today}, m.birth_date))::int
                        ELSE date_part('year', ${today})::int - m.birth_year END)`;
  await tx.execute(sql`DELETE FROM dashboard_member_counts WHERE operator_id = ${op}`);
  await tx.execute(sql`DELETE FROM dashboard_enrolment_counts WHERE operator_id = ${op}`);
  await tx.execute(sql`DELETE FROM dashboard_sync_counts WHERE operator_id = ${op}`);
  // members.village_code is the household's village, kept by triggers (migration 0012): no join.
  await tx.execute(sql`
    INSERT INTO dashboard_member_counts (operator_id, province_code, sex, age_band, members)
    SELECT ${op}, coalesce(left(m.village_code, 2), ''), m.sex,
           CASE WHEN a < 5 THEN '0-4' WHEN a < 18 THEN '5-17' WHEN a < 60 THEN '18-59' ELSE '60+' END,
           count(*)
    FROM (SELECT m.village_code, m.sex, ${age} AS a FROM members m
          WHERE m.operator_id = ${op} AND m.status = 'active') m
    GROUP BY 2, 3, 4`);
  await tx.execute(sql`
    INSERT INTO dashboard_enrolment_counts (operator_id, programme_id, status, enrolments)
    SELECT ${op}, programme_id, status, count(*) FROM benefit_enrolments
    WHERE operator_id = ${op} GROUP BY programme_id, status`);
  // The same counting as the registry sync page (lib/registry/queries.ts): a member with no
  // registry row yet is not_sent.
  await tx.execute(sql`
    INSERT INTO dashboard_sync_counts (operator_id, state, members)
    SELECT ${op}, state, sum(n) FROM (
      SELECT state, count(*) AS n FROM member_registry WHERE operator_id = ${op} GROUP BY state
      UNION ALL
      SELECT 'not_sent', count(*) FROM members m WHERE m.operator_id = ${op}
        AND NOT EXISTS (SELECT 1 FROM member_registry r WHERE r.member_id = m.id)
    ) s GROUP BY state HAVING sum(n) > 0`);
  const [all] = await query<{ n: number | string }>(
    tx,
    sql`SELECT coalesce(sum(members), 0) AS n FROM dashboard_sync_counts WHERE operator_id = ${op}`,
  );
  return Number(all?.n ?? 0);
}
