import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { ReviewDecision } from '@/db/schema';
import { query } from '@/db/rows';
import type { ClaimedRow } from './records';

export interface ClaimedBatch {
  xRoadId: string;
  batchId: string;
  /** One operator (its X-Road-Represented-Party) and one staff user (X-Road-UserId) per message. */
  operatorId: string;
  causedBy: string | null;
  /** The registry acknowledged this message earlier: its results are asked for (txn/status), not sent again. */
  poll: boolean;
  rows: ClaimedRow[];
}

// Claimable: due (or abandoned by a crashed worker), and the member's oldest unfinished change. A row
// the registry acknowledged ('acked') is unfinished too: a newer change waits for its result.
const claimable = sql`((o.status IN ('pending', 'acked') AND o.next_attempt_at <= now()) OR (o.status = 'in_flight' AND o.locked_until < now()))
  AND NOT EXISTS (SELECT 1 FROM registry_outbox p WHERE p.member_id = o.member_id AND p.id < o.id AND p.status IN ('pending', 'in_flight', 'acked'))`;

// How far ahead the claim looks for (operator, user) pairs: bounds its cost on a long queue.
const LOOKAHEAD = 2_000;

type ClaimRow = {
  id: string | number;
  member_id: string;
  reference_id: string;
  attempts: number;
  x_road_id: string;
  batch_id: string;
  operator_id: string;
  caused_by: string | null;
  review_decision: ReviewDecision | null;
  poll: boolean;
};

/**
 * Claims due outbox rows for up to `pairs` (operator, user) pairs — the pairs of the oldest claimable
 * rows — and up to `limit` rows of each, so a message carries one represented party and one
 * X-Road-UserId, batches stay full, and different operators' batches can go out side by side. SKIP
 * LOCKED lets several workers claim at once without waiting on or taking each other's rows; only a
 * member's oldest unfinished change is claimable, so one member's changes reach the registry in order.
 * A row keeps the X-Road-Id of its first attempt: the retry is the same message, and the registry
 * recognises it. The lease (`leaseMs`) is renewed by the worker's heartbeat while it works.
 */
export async function claimBatches(
  workerId: string,
  limit: number,
  leaseMs: number,
  pairs = 1,
): Promise<ClaimedBatch[]> {
  const rows = await query<ClaimRow>(
    db(),
    sql`
    WITH ahead AS (
      SELECT o.id, o.operator_id, o.caused_by FROM registry_outbox o WHERE ${claimable} ORDER BY o.id LIMIT ${LOOKAHEAD}
    ), head AS (
      SELECT operator_id, caused_by, min(id) AS first, gen_random_uuid()::text AS fresh
      FROM ahead GROUP BY operator_id, caused_by ORDER BY first LIMIT ${pairs}
    ), due AS (
      SELECT d.id, head.fresh FROM head CROSS JOIN LATERAL (
        SELECT o.id FROM registry_outbox o
        WHERE ${claimable} AND o.operator_id = head.operator_id AND o.caused_by IS NOT DISTINCT FROM head.caused_by
        ORDER BY o.id LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED
      ) d
    )
    UPDATE registry_outbox o SET status = 'in_flight', locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}::float8),
      -- Asking for an acknowledged message's results is not another attempt at sending it.
      attempts = o.attempts + CASE WHEN o.acked_at IS NULL THEN 1 ELSE 0 END,
      polls = o.polls + CASE WHEN o.acked_at IS NULL THEN 0 ELSE 1 END,
      x_road_id = coalesce(o.x_road_id, due.fresh), batch_id = coalesce(o.batch_id, 'sync-' || due.fresh)
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.member_id, o.reference_id, o.attempts, o.x_road_id, o.batch_id, o.operator_id, o.caused_by,
      o.review_decision, o.acked_at IS NOT NULL AS poll`,
  );
  const sent = rows.filter((r) => !r.poll).map((r) => r.member_id);
  if (sent.length > 0) {
    await db().execute(sql`UPDATE member_registry SET state = 'sent', updated_at = now()
      WHERE member_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(sent)}::jsonb))`);
  }
  const groups = new Map<string, ClaimedBatch>();
  for (const r of rows) {
    const key = `${r.poll ? 'poll' : 'send'}|${r.x_road_id}`;
    const g = groups.get(key) ?? {
      xRoadId: r.x_road_id,
      batchId: r.batch_id,
      operatorId: r.operator_id,
      causedBy: r.caused_by,
      poll: Boolean(r.poll),
      rows: [],
    };
    g.rows.push({
      id: Number(r.id),
      memberId: r.member_id,
      referenceId: r.reference_id,
      attempts: r.attempts,
      xRoadId: r.x_road_id,
      batchId: r.batch_id,
      review: r.review_decision,
    });
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Extends the lease of every row this worker holds (its heartbeat while a call runs). */
export async function renewLeases(workerId: string, leaseMs: number): Promise<number> {
  const rows = await query<{ id: string | number }>(
    db(),
    sql`UPDATE registry_outbox SET locked_until = now() + make_interval(secs => ${leaseMs / 1000}::float8)
      WHERE status = 'in_flight' AND locked_by = ${workerId} RETURNING id`,
  );
  return rows.length;
}

/**
 * Gives back the rows this worker holds (shutting down with a call still running): claimable again at
 * once, by the same message id, so the registry recognises a message it had already received. The cut
 * attempt is not counted. Its answer, should it still arrive, is fenced out by `locked_by`.
 */
export async function releaseRows(workerId: string): Promise<number> {
  return db().transaction(async (tx) => {
    const released = await query<{ member_id: string; polled: boolean }>(
      tx,
      sql`
      UPDATE registry_outbox o SET status = CASE WHEN o.acked_at IS NULL THEN 'pending' ELSE 'acked' END,
        attempts = CASE WHEN o.acked_at IS NULL THEN greatest(o.attempts - 1, 0) ELSE o.attempts END,
        next_attempt_at = now(), locked_by = NULL, locked_until = NULL
      WHERE o.status = 'in_flight' AND o.locked_by = ${workerId}
      RETURNING o.member_id, o.acked_at IS NOT NULL AS polled`,
    );
    const queued = released.filter((r) => !r.polled).map((r) => r.member_id);
    if (queued.length > 0) {
      await tx.execute(sql`UPDATE member_registry SET state = 'queued', updated_at = now()
        WHERE state = 'sent' AND member_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(queued)}::jsonb))`);
    }
    return released.length;
  });
}
