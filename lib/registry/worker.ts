import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import type { Tenant } from '@/lib/auth/scope';
import { CamdxError, type CallContext, type Camdx, type PushResult, type RecordOutcome } from '@/lib/camdx';
import { systemLogger } from '@/lib/log';
import { applyOutcomes, failBatch, failPoll, type RetryPolicy } from './apply';
import { CircuitBreaker } from './breaker';
import { claimBatches, releaseRows, renewLeases, type ClaimedBatch } from './claim';
import { loadRecords, representedPartyOf } from './records';
import { recheckReviews } from './recheck';
import { withSpids } from './spids';

export { claimBatches, type ClaimedBatch } from './claim';

export interface WorkerOptions extends RetryPolicy {
  /** Records per enrollment-updates message (the registry takes up to 500). */
  batchSize: number;
  /**
   * How long a claim is held before another worker may take the rows. The heartbeat renews it while a
   * call runs, so it only has to outlast a heartbeat: a crashed worker's rows come back after it.
   */
  leaseMs: number;
  /** Between lease renewals while the worker holds rows; default a third of the lease. */
  heartbeatMs?: number;
  /** Batches of different (operator, user) pairs sent side by side in one round; default 3. */
  concurrency?: number;
  /** X-Road-UserId of the worker's own calls, and of changes no staff user made (rows from before it was recorded). */
  userId: string;
  logger?: Logger;
  workerId?: string;
  breaker?: { threshold: number; cooldownMs: number; maxCooldownMs: number };
}

/**
 * In a txn/status answer (a replayed message, or asking for an acknowledged one's results), a record
 * the registry says it does not know was never received (the first message held other records): it
 * is sent again, not rejected.
 */
function notReceived(outcomes: RecordOutcome[]): RecordOutcome[] {
  return outcomes.map((o) =>
    o.status === 'rjct' && o.reasonCode === 'rjct.reference_id.invalid'
      ? { referenceId: o.referenceId, status: 'unknown' }
      : o,
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Batches of one round are sent side by side but their answers are written down in claim order (the
 * oldest change first): whether a SPID is "another of our members'" then does not depend on which call
 * came back first. `before` settles once every earlier batch is written down or has failed.
 */
interface Turn {
  before: Promise<void>;
  done: () => void;
}
const FREE_TURN: Turn = { before: Promise.resolve(), done: () => {} };

function applyTurns(n: number): Turn[] {
  let previous: Promise<void> = Promise.resolve();
  return Array.from({ length: n }, () => {
    let done!: () => void;
    const mine = new Promise<void>((r) => (done = r));
    const before = previous;
    previous = Promise.all([before, mine]).then(() => undefined);
    return { before, done };
  });
}

const firstId = (b: ClaimedBatch) => Math.min(...b.rows.map((r) => r.id));

export class RegistryWorker {
  readonly id: string;
  readonly breaker: CircuitBreaker;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** Rounds in progress (start()'s loop, or runOnce/drain called directly). */
  private readonly rounds = new Set<Promise<unknown>>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly camdx: Camdx,
    readonly options: WorkerOptions,
  ) {
    this.id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.log = options.logger ?? systemLogger('registry-worker');
    const b = options.breaker;
    this.breaker = b ? new CircuitBreaker(b.threshold, b.cooldownMs, b.maxCooldownMs) : new CircuitBreaker();
  }

  /** The call context of a batch: its operator's represented party, and the user who made the changes. */
  private async context(batch: ClaimedBatch): Promise<CallContext> {
    // The worker claims rows of every operator and has no signed-in user; a batch is one operator's
    // (claimBatches groups by it), so the message goes out for that operator as its tenant.
    const tenant: Tenant = { operatorId: batch.operatorId };
    const representedParty = await representedPartyOf(db(), tenant, this.camdx.client.config.strictIdentifiers);
    return {
      userId: batch.causedBy ?? this.options.userId,
      issue: batch.batchId,
      ...(representedParty ? { representedParty } : {}),
    };
  }

  /** Sends one batch of records; the answer is not applied (tests use this to play a crash). */
  async send(batch: ClaimedBatch): Promise<PushResult> {
    const tenant: Tenant = { operatorId: batch.operatorId };
    const records = await loadRecords(db(), tenant, batch.rows);
    const ctx = await this.context(batch);
    return this.camdx.pushEnrollmentUpdates(
      { batchId: batch.batchId, records: batch.rows.map((r) => records.get(r.referenceId)!).filter(Boolean) },
      { ...ctx, message: { id: batch.xRoadId } },
    );
  }

  /** One round: claim, send (or ask for results), apply. Returns how many records were answered. */
  async runOnce(): Promise<number> {
    return (await this.round()).answered;
  }

  private round(): Promise<{ claimed: number; answered: number }> {
    const work = this.claimAndProcess();
    this.rounds.add(work);
    return work.finally(() => this.rounds.delete(work));
  }

  private async claimAndProcess(): Promise<{ claimed: number; answered: number }> {
    if (this.stopped || !this.breaker.allows()) return { claimed: 0, answered: 0 };
    const concurrency = Math.max(1, this.options.concurrency ?? 3);
    const batches = await claimBatches(this.id, this.options.batchSize, this.options.leaseMs, concurrency);
    if (batches.length === 0) return { claimed: 0, answered: 0 };
    const claimed = batches.reduce((n, b) => n + b.rows.length, 0);
    // Each (operator, user) pair's batches in order; the pairs side by side. A failing batch is
    // recorded and backs off on its own: it holds back neither the other pairs nor the next round.
    const ordered = [...batches].sort((x, y) => firstId(x) - firstId(y));
    const turns = applyTurns(ordered.length);
    const byPair = new Map<string, { batch: ClaimedBatch; turn: Turn }[]>();
    ordered.forEach((batch, i) => {
      const key = `${batch.operatorId}|${batch.causedBy ?? ''}`;
      byPair.set(key, [...(byPair.get(key) ?? []), { batch, turn: turns[i]! }]);
    });
    const stopBeat = this.beat();
    try {
      const results = await Promise.allSettled(
        [...byPair.values()].map(async (list) => {
          let n = 0;
          for (const { batch, turn } of list) {
            // Stopping: a batch not started yet is given back (shutdown), not sent.
            if (this.stopped) {
              turn.done();
              continue;
            }
            try {
              n += await this.process(batch, turn);
            } finally {
              turn.done();
            }
          }
          return n;
        }),
      );
      let answered = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') answered += r.value;
        else this.log.error({ err: r.reason }, 'registry batch could not be recorded');
      }
      return { claimed, answered };
    } finally {
      stopBeat();
    }
  }

  /** Renews this worker's leases while it works (a live worker keeps its rows; a dead one's come back). */
  private beat(): () => void {
    const every = this.options.heartbeatMs ?? Math.max(100, Math.floor(this.options.leaseMs / 3));
    const timer = setInterval(() => {
      renewLeases(this.id, this.options.leaseMs).catch((err: unknown) =>
        this.log.warn({ err, event: 'registry.heartbeat_failed' }, 'registry lease renewal failed'),
      );
    }, every);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async process(batch: ClaimedBatch, turn: Turn = FREE_TURN): Promise<number> {
    return batch.poll ? this.poll(batch, turn) : this.push(batch, turn);
  }

  private async push(batch: ClaimedBatch, turn: Turn): Promise<number> {
    const ids = batch.rows.map((r) => r.id);
    let answered = false;
    try {
      const result = await this.send(batch);
      this.breaker.succeeded();
      answered = true;
      const base = result.recovered ? notReceived(result.outcomes) : result.outcomes;
      const outcomes = await withSpids(this.camdx, batch.rows, base, await this.context(batch), this.log);
      await turn.before;
      await db().transaction((tx) => applyOutcomes(tx, this.id, batch.rows, outcomes, this.options));
      this.log.info(
        {
          event: 'registry.batch',
          batchId: batch.batchId,
          xRoadId: batch.xRoadId,
          records: ids.length,
          recovered: result.recovered,
          acknowledged: result.acknowledged ?? false,
          awaiting: outcomes.filter((o) => o.status === 'awaiting').length,
          retry: batch.rows.some((r) => r.attempts > 1),
        },
        result.acknowledged ? 'registry batch accepted, results pending' : 'registry batch answered',
      );
      return ids.length;
    } catch (err) {
      const e = err instanceof CamdxError ? err : undefined;
      // Writing an answer down can fail (another worker's answer won a race on a SPID): the registry
      // gives the same answer to the same reference ids again, so that is worth another attempt.
      const retryable = e?.retryable ?? answered;
      if (e?.retryable) this.breaker.failed();
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
          ...(e?.kind === 'protocol' ? { detail: e.message } : {}),
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

  /** Asks for the results of an acknowledged message (txn/status); what is still unknown waits longer. */
  private async poll(batch: ClaimedBatch, turn: Turn): Promise<number> {
    const ids = batch.rows.map((r) => r.id);
    try {
      const ctx = await this.context(batch);
      const status = await this.camdx.txnStatus(
        batch.rows.map((r) => r.referenceId),
        ctx,
      );
      this.breaker.succeeded();
      const outcomes = await withSpids(this.camdx, batch.rows, notReceived(status.outcomes), ctx, this.log);
      await turn.before;
      await db().transaction((tx) => applyOutcomes(tx, this.id, batch.rows, outcomes, this.options));
      const awaiting = outcomes.filter((o) => o.status === 'awaiting').length;
      this.log.info(
        { event: 'registry.results', batchId: batch.batchId, xRoadId: batch.xRoadId, records: ids.length, awaiting },
        'registry results asked for',
      );
      return ids.length - awaiting;
    } catch (err) {
      const e = err instanceof CamdxError ? err : undefined;
      if (e?.retryable) this.breaker.failed();
      const error = e ? `${e.kind}:${e.code}` : 'internal';
      await db().transaction((tx) => failPoll(tx, this.id, ids, error, this.options));
      this.log.warn(
        { event: 'registry.results_failed', batchId: batch.batchId, records: ids.length, error },
        'asking the registry for results failed',
      );
      if (!e) this.log.error({ err }, 'registry results failed unexpectedly');
      return 0;
    }
  }

  /** Runs until the outbox has nothing due nor awaited (tests, the benchmark). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i += 1) {
      const n = await this.runOnce();
      if (n === 0 && (await dueCount()) === 0) return;
      if (n === 0) await sleep(20);
    }
  }

  /** Polls every intervalMs; start-up never waits for it. */
  start(intervalMs: number, recheckEveryMs = 60_000): void {
    this.stopped = false;
    let lastRecheck = 0;
    const tick = async () => {
      try {
        // Keep going while rounds find work (answered or not: a failed batch backs off by itself).
        while (!this.stopped && (await this.round()).claimed > 0) {
          /* next round */
        }
        if (!this.stopped && Date.now() - lastRecheck > recheckEveryMs) {
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

  /** Stops and waits for the round in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.allSettled([...this.rounds]);
    // Batches of the last round left unstarted go back at once.
    await releaseRows(this.id);
  }

  /**
   * For a shutdown (SIGTERM): claims nothing more, starts no other batch, lets the exchange in flight
   * finish for up to `graceMs`, then gives back whatever this worker still holds, claimable again at
   * once (the same message, which the registry recognises). Returns how many rows were given back.
   */
  async shutdown(graceMs: number): Promise<{ finished: boolean; released: number }> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const inFlight = Promise.allSettled([this.running, ...this.rounds]);
    const finished = await Promise.race([inFlight.then(() => true), sleep(graceMs).then(() => false)]);
    // Whatever this worker still holds: a cut call's rows, or batches of the last round never started.
    const released = await releaseRows(this.id);
    this.log.info(
      { event: 'registry.worker_stopped', workerId: this.id, finished, released },
      finished ? 'registry worker stopped' : 'registry worker stopped, rows given back',
    );
    return { finished, released };
  }
}

/** Rows that are waiting to be sent, in a worker's hands, or waiting for their result. */
export async function dueCount(): Promise<number> {
  const [r] = await query<{ n: number | string }>(
    db(),
    sql`SELECT count(*) AS n FROM registry_outbox WHERE status IN ('pending', 'in_flight', 'acked')`,
  );
  return Number(r?.n ?? 0);
}
