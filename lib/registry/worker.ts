import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { db } from '@/db/client';
import type { ReviewDecision } from '@/db/schema';
import type { Tenant } from '@/lib/auth/scope';
import { CamdxError, type Camdx, type PushResult, type RecordOutcome } from '@/lib/camdx';
import { systemLogger } from '@/lib/log';
import { applyOutcomes, failBatch, type RetryPolicy } from './apply';
import { CircuitBreaker } from './breaker';
import { loadRecords, representedPartyOf, type ClaimedRow } from './records';
import { recheckReviews } from './recheck';
import { query } from '@/db/rows';

export interface WorkerOptions extends RetryPolicy {
  /** Records per enrollment-updates message (the registry takes up to 500). */
  batchSize: number;
  /** How long a claim is held before another worker may take the rows (a crashed worker's lease runs out). */
  leaseMs: number;
  /** X-Road-UserId of the worker's own calls, and of changes no staff user made (rows from before it was recorded). */
  userId: string;
  logger?: Logger;
  workerId?: string;
  breaker?: { threshold: number; cooldownMs: number; maxCooldownMs: number };
}

export interface ClaimedBatch {
  xRoadId: string;
  batchId: string;
  /** One operator (its X-Road-Represented-Party) and one staff user (X-Road-UserId) per message. */
  operatorId: string;
  causedBy: string | null;
  rows: ClaimedRow[];
}

// Claimable: due (or abandoned by a crashed worker), and the member's oldest unfinished change.
const claimable = sql`((o.status = 'pending' AND o.next_attempt_at <= now()) OR (o.status = 'in_flight' AND o.locked_until < now()))
  AND NOT EXISTS (SELECT 1 FROM registry_outbox p WHERE p.member_id = o.member_id AND p.id < o.id AND p.status IN ('pending', 'in_flight'))`;

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
};

/**
 * Claims due outbox rows of one (operator, user): the pair of the oldest claimable row, so a message
 * carries one represented party and one X-Road-UserId, and batches stay full. SKIP LOCKED lets several
 * workers claim at once without waiting on or taking each other's rows; only a member's oldest
 * unfinished change is claimable, so one member's changes reach the registry in order. A row keeps the
 * X-Road-Id of its first attempt: the retry is the same message, and the registry recognises it.
 */
export async function claimBatches(workerId: string, limit: number, leaseMs: number): Promise<ClaimedBatch[]> {
  const fresh = randomUUID();
  const rows = await query<ClaimRow>(
    db(),
    sql`
    WITH head AS (
      SELECT o.operator_id, o.caused_by FROM registry_outbox o WHERE ${claimable} ORDER BY o.id LIMIT 1
    ), due AS (
      SELECT o.id FROM registry_outbox o, head
      WHERE ${claimable} AND o.operator_id = head.operator_id AND o.caused_by IS NOT DISTINCT FROM head.caused_by
      ORDER BY o.id
      LIMIT ${limit}
      FOR UPDATE OF o SKIP LOCKED
    )
    UPDATE registry_outbox o SET status = 'in_flight', locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}::float8), attempts = o.attempts + 1,
      x_road_id = coalesce(o.x_road_id, ${fresh}), batch_id = coalesce(o.batch_id, ${`sync-${fresh}`})
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.member_id, o.reference_id, o.attempts, o.x_road_id, o.batch_id, o.operator_id, o.caused_by, o.review_decision`,
  );
  if (rows.length > 0) {
    await db().execute(sql`UPDATE member_registry SET state = 'sent', updated_at = now()
      WHERE member_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.member_id))}::jsonb))`);
  }
  const groups = new Map<string, ClaimedBatch>();
  for (const r of rows) {
    const g = groups.get(r.x_road_id) ?? {
      xRoadId: r.x_road_id,
      batchId: r.batch_id,
      operatorId: r.operator_id,
      causedBy: r.caused_by,
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
    groups.set(r.x_road_id, g);
  }
  return [...groups.values()];
}

/**
 * When the message was a replay (the registry had its id), txn/status answered; a record it does not
 * know was never received (the first message held other records): it is sent again, not rejected.
 */
function recovered(result: PushResult): RecordOutcome[] {
  if (!result.recovered) return result.outcomes;
  return result.outcomes.map((o) =>
    o.status === 'rjct' && o.reasonCode === 'rjct.reference_id.invalid'
      ? { referenceId: o.referenceId, status: 'unknown' }
      : o,
  );
}

export class RegistryWorker {
  readonly id: string;
  readonly breaker: CircuitBreaker;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly camdx: Camdx,
    readonly options: WorkerOptions,
  ) {
    this.id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.log = options.logger ?? systemLogger('registry-worker');
    const b = options.breaker;
    this.breaker = b ? new CircuitBreaker(b.threshold, b.cooldownMs, b.maxCooldownMs) : new CircuitBreaker();
  }

  /** Sends one batch of records; the answer is not applied (tests use this to play a crash). */
  async send(batch: ClaimedBatch): Promise<PushResult> {
    // The worker claims rows of every operator and has no signed-in user; a batch is one operator's
    // (claimBatches groups by it), so the message goes out for that operator as its tenant.
    const tenant: Tenant = { operatorId: batch.operatorId };
    const records = await loadRecords(db(), tenant, batch.rows);
    const representedParty = await representedPartyOf(db(), tenant, this.camdx.client.config.strictIdentifiers);
    return this.camdx.pushEnrollmentUpdates(
      { batchId: batch.batchId, records: batch.rows.map((r) => records.get(r.referenceId)!).filter(Boolean) },
      {
        userId: batch.causedBy ?? this.options.userId,
        message: { id: batch.xRoadId },
        ...(representedParty ? { representedParty } : {}),
      },
    );
  }

  /** One round: claim, send, apply. Returns how many records were answered. */
  async runOnce(): Promise<number> {
    if (!this.breaker.allows()) return 0;
    const batches = await claimBatches(this.id, this.options.batchSize, this.options.leaseMs);
    let answered = 0;
    for (const batch of batches) answered += await this.process(batch);
    return answered;
  }

  private async process(batch: ClaimedBatch): Promise<number> {
    const ids = batch.rows.map((r) => r.id);
    try {
      const result = await this.send(batch);
      this.breaker.succeeded();
      await db().transaction((tx) => applyOutcomes(tx, this.id, batch.rows, recovered(result), this.options));
      this.log.info(
        {
          event: 'registry.batch',
          batchId: batch.batchId,
          xRoadId: batch.xRoadId,
          records: ids.length,
          recovered: result.recovered,
          retry: batch.rows.some((r) => r.attempts > 1),
        },
        'registry batch answered',
      );
      return ids.length;
    } catch (err) {
      const e = err instanceof CamdxError ? err : undefined;
      const retryable = e?.retryable ?? false;
      if (retryable) this.breaker.failed();
      const error = e ? `${e.kind}:${e.code}` : 'internal';
      const attempt = Math.max(...batch.rows.map((r) => r.attempts));
      await db().transaction((tx) => failBatch(tx, this.id, ids, attempt, error, retryable, this.options));
      this.log.warn(
        {
          event: 'registry.retry',
          batchId: batch.batchId,
          xRoadId: batch.xRoadId,
          records: ids.length,
          error,
          retryable,
          attempt,
          breaker: this.breaker.state(),
        },
        'registry batch failed',
      );
      if (!e) this.log.error({ err }, 'registry batch failed unexpectedly');
      return 0;
    }
  }

  /** Runs until the outbox has nothing due (tests, the benchmark). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i += 1) {
      const n = await this.runOnce();
      if (n === 0 && (await dueCount()) === 0) return;
      if (n === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Polls every intervalMs; start-up never waits for it. */
  start(intervalMs: number, recheckEveryMs = 60_000): void {
    this.stopped = false;
    let lastRecheck = 0;
    const tick = async () => {
      try {
        while ((await this.runOnce()) > 0) {
          /* keep going while there is work */
        }
        if (Date.now() - lastRecheck > recheckEveryMs) {
          lastRecheck = Date.now();
          await recheckReviews(this.camdx, this.options.userId);
        }
      } catch (err) {
        this.log.error({ err }, 'registry worker round failed');
      }
      // A round in progress when stop() was called must not schedule the next one.
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.running = tick();
      }, intervalMs);
      this.timer.unref();
    };
    this.running = tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** Rows that are waiting to be sent or in a worker's hands. */
export async function dueCount(): Promise<number> {
  const [r] = await query<{ n: number | string }>(
    db(),
    sql`SELECT count(*) AS n FROM registry_outbox WHERE status IN ('pending', 'in_flight')`,
  );
  return Number(r?.n ?? 0);
}
