import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { RecordOutcome } from '@/lib/camdx';
import { query } from '@/db/rows';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Asking for an acknowledged message's results: pollBaseMs·2^(asks−1), capped at pollMaxMs, with jitter. */
  pollBaseMs?: number;
  pollMaxMs?: number;
}

export const POLL_DEFAULTS = { pollBaseMs: 2_000, pollMaxMs: 5 * 60_000 } as const;

/** When to ask again for a row's result: grows with the asks made (o.polls), never gives up. */
function pollBackoff(p: RetryPolicy) {
  const base = p.pollBaseMs ?? POLL_DEFAULTS.pollBaseMs;
  const max = p.pollMaxMs ?? POLL_DEFAULTS.pollMaxMs;
  return sql`now() + make_interval(secs => least(${max}::float8, ${base}::float8 * power(2, greatest(o.polls - 1, 0))) / 1000.0 * (0.5 + random() / 2))`;
}

/** Exponential backoff with jitter, per row in SQL: base·2^(attempts−1), capped, times 0.5–1. */
function backoff(p: RetryPolicy) {
  return sql`now() + make_interval(secs => least(${p.maxDelayMs}::float8, ${p.baseDelayMs}::float8 * power(2, greatest(o.attempts - 1, 0))) / 1000.0 * (0.5 + random() / 2))`;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

// A newer change of the member still waiting: its state stays 'queued' until that one is answered.
const newerPending = sql`EXISTS (SELECT 1 FROM registry_outbox n WHERE n.member_id = m.member_id AND n.id > r.id AND n.status IN ('pending', 'in_flight'))`;

/**
 * Applies the registry's per-record answers to rows this worker still holds (`locked_by` fences out
 * a worker whose lease ran out). succ → SPID; pdng → review queue; rjct → rejected, or retried when the
 * registry says it may pass later; unknown (the registry never got it) → sent again as a new message;
 * awaiting (acknowledged, result to come) → 'acked', its result asked for on a backoff schedule.
 */
export async function applyOutcomes(
  tx: Db,
  workerId: string,
  rows: { id: number; memberId: string; referenceId: string; review?: unknown }[],
  outcomes: RecordOutcome[],
  policy: RetryPolicy,
): Promise<void> {
  const byRef = new Map(rows.map((r) => [r.referenceId, r]));
  const input = outcomes
    .filter((o) => byRef.has(o.referenceId))
    .map((o) => ({
      id: byRef.get(o.referenceId)!.id,
      member_id: byRef.get(o.referenceId)!.memberId,
      status: o.status,
      spid: o.spid ?? null,
      candidate_spid: o.candidateSpid ?? null,
      code: o.reasonCode ?? null,
      message: o.reasonMessage ?? null,
      retry: o.status === 'unknown' || (o.status === 'rjct' && o.retryable === true),
    }));
  type Held = Omit<Settled, 'status'> & { status: RecordOutcome['status']; retry: boolean; gave_up: boolean };
  const held = await query<Held>(
    tx,
    sql`
    UPDATE registry_outbox o SET
      status = CASE WHEN r.status IN ('succ', 'pdng') THEN 'done' WHEN r.status = 'awaiting' THEN 'acked'
                    WHEN r.retry AND o.attempts < ${policy.maxAttempts} THEN 'pending' ELSE 'failed' END,
      next_attempt_at = CASE WHEN r.status = 'unknown' THEN now() WHEN r.status = 'awaiting' THEN ${pollBackoff(policy)}
                             ELSE ${backoff(policy)} END,
      -- A record sent again on its own is a new message: the old one was answered. One still awaited
      -- keeps its message (the transaction it is asked about).
      x_road_id = CASE WHEN r.status = 'awaiting' THEN o.x_road_id END,
      batch_id = CASE WHEN r.status = 'awaiting' THEN o.batch_id END,
      acked_at = CASE WHEN r.status = 'awaiting' THEN coalesce(o.acked_at, now()) END,
      polls = CASE WHEN r.status = 'awaiting' THEN o.polls ELSE 0 END,
      last_error = coalesce(r.code, CASE WHEN r.status = 'unknown' THEN 'not received by the registry' END),
      sent_at = now(), locked_by = NULL, locked_until = NULL
    FROM jsonb_to_recordset(${json(input)}) AS r(id bigint, member_id uuid, status text, spid text, candidate_spid text, code text, message text, retry boolean)
    WHERE o.id = r.id AND o.status = 'in_flight' AND o.locked_by = ${workerId}
    RETURNING r.id, r.member_id, r.status, r.spid, r.candidate_spid, r.code, r.message, r.retry, o.reference_id,
      (o.status = 'failed' AND r.status NOT IN ('succ', 'pdng')) AS gave_up`,
  );
  if (held.length === 0) return;
  await settleMembers(
    tx,
    held.map((h) => ({ ...h, status: settledStatus(h) })),
  );
  // A version that told the registry staff's review decision: the review records the SPID it settled on.
  if (!rows.some((r) => r.review)) return;
  await tx.execute(sql`
    UPDATE registry_reviews v SET spid = r.spid
    FROM jsonb_to_recordset(${json(held)}) AS r(id bigint, status text, spid text), registry_outbox o
    WHERE o.id = r.id AND r.status = 'succ' AND o.review_decision IS NOT NULL
      AND v.id = (o.review_decision->>'reviewId')::uuid AND v.operator_id = o.operator_id`);
}

function settledStatus(h: { status: RecordOutcome['status']; retry: boolean; gave_up: boolean }): SettledStatus {
  if (h.status === 'succ' || h.status === 'pdng' || h.status === 'awaiting') return h.status;
  if (h.gave_up) return h.retry ? 'gave_up' : 'rjct';
  return 'retry';
}

/** succ, pdng, rjct as the registry said; awaiting: accepted, result to come; retry: tried again later; gave_up: out of attempts. */
export type SettledStatus = 'succ' | 'pdng' | 'rjct' | 'awaiting' | 'retry' | 'gave_up';

export interface Settled {
  id: number;
  member_id: string;
  status: SettledStatus;
  spid: string | null;
  code: string | null;
  message: string | null;
  reference_id: string;
  /** pdng: the person the registry holds it may be. */
  candidate_spid: string | null;
}

/** member_registry and the review queue from settled answers (also used when a review is re-checked). */
export async function settleMembers(tx: Db, settled: Settled[]): Promise<void> {
  // A SPID another of our members holds means the registry sees one person twice: staff review it.
  const conflicts = await query<{ member_id: string }>(
    tx,
    sql`
    SELECT r.member_id FROM jsonb_to_recordset(${json(settled)}) AS r(member_id uuid, spid text, status text)
    WHERE r.status = 'succ' AND EXISTS (SELECT 1 FROM member_registry x WHERE x.spid = r.spid AND x.member_id <> r.member_id)`,
  );
  const conflicting = new Set(conflicts.map((c) => c.member_id));
  const rows = json(settled.map((s) => ({ ...s, conflict: conflicting.has(s.member_id) })));
  const recordset = sql`jsonb_to_recordset(${rows}) AS r(id bigint, member_id uuid, status text, spid text, candidate_spid text, code text, message text, reference_id text, conflict boolean)`;
  await tx.execute(sql`
    UPDATE member_registry m SET
      spid = CASE WHEN r.status = 'succ' AND NOT r.conflict AND r.spid IS NOT NULL THEN r.spid ELSE m.spid END,
      state = CASE
        WHEN r.conflict THEN 'awaiting_review'
        WHEN r.status = 'awaiting' THEN 'accepted'
        -- A succ that names no SPID (the caller looks it up first) never makes "has SPID" on its own.
        WHEN r.status = 'succ' AND r.spid IS NULL AND m.spid IS NULL THEN 'accepted'
        WHEN ${newerPending} THEN 'queued'
        WHEN r.status = 'succ' THEN 'has_spid'
        WHEN r.status = 'pdng' THEN 'awaiting_review'
        WHEN r.status = 'rjct' THEN 'rejected'
        WHEN r.status = 'gave_up' THEN 'needs_attention'
        ELSE 'queued' END,
      last_reason_code = r.code,
      last_reason_message = CASE WHEN r.status = 'rjct' THEN r.message END,
      last_error = CASE WHEN r.status IN ('succ', 'pdng', 'awaiting') THEN NULL ELSE coalesce(r.code, m.last_error) END,
      attempts = coalesce((SELECT o.attempts FROM registry_outbox o WHERE o.id = r.id), m.attempts),
      updated_at = now()
    FROM ${recordset}
    WHERE m.member_id = r.member_id`);
  await tx.execute(sql`
    INSERT INTO registry_reviews (member_id, operator_id, reference_id, reason_code, spid, candidate_spid)
    SELECT r.member_id, m.operator_id, r.reference_id, coalesce(r.code, 'spid.shared'), CASE WHEN r.status = 'succ' THEN r.spid END,
      CASE WHEN r.status = 'pdng' THEN r.candidate_spid END
    FROM ${recordset} JOIN member_registry m ON m.member_id = r.member_id
    WHERE r.status = 'pdng' OR r.conflict
    ON CONFLICT (reference_id) DO UPDATE SET spid = coalesce(excluded.spid, registry_reviews.spid),
      candidate_spid = coalesce(excluded.candidate_spid, registry_reviews.candidate_spid)`);
}

/** Full jitter on an exponential delay: 0.5–1 × base·2^(attempt−1), capped. */
export function backoffMs(attempt: number, p: RetryPolicy, random = Math.random()): number {
  return Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(attempt - 1, 0)) * (0.5 + random / 2);
}

/**
 * A whole batch failed (security server down, timeout, …): back off, or give up after the last
 * attempt. One delay for the batch, so it is claimed again together as the same message.
 */
export async function failBatch(
  tx: Db,
  workerId: string,
  ids: number[],
  attempt: number,
  error: string,
  retryable: boolean,
  policy: RetryPolicy,
): Promise<void> {
  const list = sql`${JSON.stringify(ids)}::jsonb`;
  const delay = backoffMs(attempt, policy);
  const failed = await query<{ member_id: string; status: string; attempts: number }>(
    tx,
    sql`
    UPDATE registry_outbox o SET
      status = CASE WHEN ${retryable} AND o.attempts < ${policy.maxAttempts} THEN 'pending' ELSE 'failed' END,
      next_attempt_at = now() + make_interval(secs => ${delay / 1000}::float8), last_error = ${error}, locked_by = NULL, locked_until = NULL
    WHERE o.id IN (SELECT value::bigint FROM jsonb_array_elements_text(${list})) AND o.status = 'in_flight' AND o.locked_by = ${workerId}
    RETURNING o.member_id, o.status, o.attempts`,
  );
  if (failed.length === 0) return;
  await tx.execute(sql`
    UPDATE member_registry m SET
      state = CASE WHEN r.status = 'failed' THEN 'needs_attention' ELSE 'queued' END,
      last_error = ${error}, attempts = r.attempts, updated_at = now()
    FROM jsonb_to_recordset(${json(failed)}) AS r(member_id uuid, status text, attempts int)
    WHERE m.member_id = r.member_id`);
}

/**
 * Asking for an acknowledged message's results failed: the rows wait as they were ('acked') and are
 * asked about again later; the member shows the error beside "accepted, result pending".
 */
export async function failPoll(
  tx: Db,
  workerId: string,
  ids: number[],
  error: string,
  policy: RetryPolicy,
): Promise<void> {
  const failed = await query<{ member_id: string }>(
    tx,
    sql`
    UPDATE registry_outbox o SET status = 'acked', next_attempt_at = ${pollBackoff(policy)}, last_error = ${error},
      locked_by = NULL, locked_until = NULL
    WHERE o.id IN (SELECT value::bigint FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      AND o.status = 'in_flight' AND o.locked_by = ${workerId}
    RETURNING o.member_id`,
  );
  if (failed.length === 0) return;
  await tx.execute(sql`
    UPDATE member_registry m SET last_error = ${error}, updated_at = now()
    WHERE m.member_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(failed.map((f) => f.member_id))}::jsonb))`);
}
