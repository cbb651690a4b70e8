import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { cambodiaDay } from '@/lib/grievances/sla';
import { systemLogger } from '@/lib/log';
import { startPeriodic } from '@/lib/periodic';
import { refreshDashboard } from './refresh';
import { CHANGE_MARGIN_MS, MAX_AGE_MS } from './values';

// The dashboards' counts kept warm by the server itself, so that a visit reads them instead of
// waiting for them (about 4 s at a million members) or asking for them after its answer.
//
// A system process, like the registry worker: it looks at every operator. Each round is one
// statement over the operators with three index lookups each (the newest audit row, any registry
// change still waiting, the registry states last counted); then, per operator whose counts are
// getting old:
// - recomputed (lib/dashboard/refresh.ts, under the operator's lock) when something may have changed:
//   never computed; a new day in Phnom Penh (ages move); an audited change since the last count
//   (every staff change and import writes its audit row in its own transaction); or the registry
//   worker at work (changes waiting, or members counted as queued, sent or accepted: their states
//   move without an audit row);
// - otherwise confirmed: the counts are still true, so only their time moves on (one UPDATE for all
//   such operators). A dashboard of an operator where nothing happens costs three index lookups a round.
//
// An audit row's time is its transaction's start: a change whose transaction began shortly before a
// count and committed after it is still seen, within CHANGE_MARGIN_MS (a transaction longer than that
// is caught by the next change or the next day).

export interface AheadOutcome {
  computed: number;
  confirmed: number;
  /** Another instance was recomputing that operator's counts at that moment. */
  busy: number;
}

type Row = {
  operator_id: string;
  refreshed_at: Date | string | null;
  last_change_at: Date | string | null;
  sync_waiting: boolean;
  counted_in_transit: boolean;
};

/** Counts older than this are looked at: early enough that a visit never finds them stale. */
export function aheadAgeMs(intervalMs: number): number {
  return Math.max(0, MAX_AGE_MS - 2 * intervalMs);
}

/**
 * One round over every operator. `registryActive`: whether a registry worker can be moving sync
 * states (CamDX configured); without it, members waiting in the queue stay where they are.
 */
export async function refreshDashboardsAhead(opts: {
  now?: Date;
  aheadAgeMs: number;
  registryActive: boolean;
}): Promise<AheadOutcome> {
  const now = opts.now ?? new Date();
  const rows = await query<Row>(
    db(),
    sql`
    SELECT o.id AS operator_id, r.refreshed_at,
      (SELECT a.at FROM audit_log a WHERE a.operator_id = o.id ORDER BY a.id DESC LIMIT 1) AS last_change_at,
      EXISTS (SELECT 1 FROM registry_outbox x
              WHERE x.operator_id = o.id AND x.status IN ('pending', 'in_flight', 'acked')) AS sync_waiting,
      EXISTS (SELECT 1 FROM dashboard_sync_counts c
              WHERE c.operator_id = o.id AND c.state IN ('queued', 'sent', 'accepted')) AS counted_in_transit
    FROM operators o LEFT JOIN dashboard_refreshes r ON r.operator_id = o.id
    WHERE r.operator_id IS NULL OR r.refreshed_at <= ${new Date(now.getTime() - opts.aheadAgeMs).toISOString()}::timestamptz`,
  );
  const compute: string[] = [];
  const confirm: { operatorId: string; seen: string }[] = [];
  for (const r of rows) {
    if (!r.refreshed_at) {
      compute.push(r.operator_id);
      continue;
    }
    const at = new Date(r.refreshed_at);
    const changed =
      cambodiaDay(at) !== cambodiaDay(now) ||
      (r.last_change_at !== null && new Date(r.last_change_at).getTime() > at.getTime() - CHANGE_MARGIN_MS) ||
      (opts.registryActive && (r.sync_waiting || r.counted_in_transit));
    if (changed) compute.push(r.operator_id);
    else confirm.push({ operatorId: r.operator_id, seen: at.toISOString() });
  }
  const out: AheadOutcome = { computed: 0, confirmed: 0, busy: 0 };
  if (confirm.length) {
    // Only where no one recomputed them since this round looked (the time it saw is still there).
    const confirmed = await query<{ operator_id: string }>(
      db(),
      sql`
      UPDATE dashboard_refreshes d SET refreshed_at = ${now.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(confirm)}::jsonb) AS c("operatorId" uuid, seen timestamptz)
      WHERE d.operator_id = c."operatorId" AND date_trunc('milliseconds', d.refreshed_at) = c.seen
      RETURNING d.operator_id`,
    );
    out.confirmed = confirmed.length;
  }
  // One operator at a time: each is a few set-based statements, and visits must not wait behind them all.
  for (const operatorId of compute) {
    const outcome = await refreshDashboard({ operatorId }, { now, maxAgeMs: opts.aheadAgeMs });
    if (outcome === 'refreshed') out.computed += 1;
    else if (outcome === 'busy') out.busy += 1;
  }
  return out;
}

/**
 * Runs a round now and then every `intervalMs` in this process (once, however often it is called),
 * never two at a time; the server's shutdown waits for the round in progress (lib/periodic.ts).
 */
export function startDashboardRefresher(intervalMs: number, registryActive: () => boolean): void {
  const log = systemLogger('dashboard');
  startPeriodic('dashboard', intervalMs, async () => {
    const started = Date.now();
    try {
      const o = await refreshDashboardsAhead({ aheadAgeMs: aheadAgeMs(intervalMs), registryActive: registryActive() });
      if (o.computed || o.busy)
        log.info({ event: 'dashboard.refreshed_ahead', ...o, ms: Date.now() - started }, 'dashboard counts refreshed');
    } catch (err) {
      log.error({ err }, 'dashboard counts could not be refreshed');
    }
  });
}
