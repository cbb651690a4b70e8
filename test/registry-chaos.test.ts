import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { claimBatches, dueCount } from '@/lib/registry/worker';
import { captureLogger } from './helpers/camdx';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { registryPeer, seedMembers, worker } from './helpers/registry';

// 30 % of requests fail, spread over every kind of fault (1 − 0.95⁷ ≈ 0.30), plus some latency: the
// registry commits and the answer is then lost, garbled (not JSON) or carries another X-Road-Id.
const CHAOS = [
  { kind: 'latency' as const, ms: 30, probability: 0.1 },
  { kind: 'xroad-error' as const, code: 'Server.ServerProxy.NetworkError', probability: 0.05 },
  {
    kind: 'xroad-error' as const,
    code: 'Server.ClientProxy.InternalError',
    spelling: 'modern' as const,
    probability: 0.05,
  },
  { kind: 'http-error' as const, status: 503, probability: 0.05 },
  { kind: 'drop' as const, probability: 0.05 },
  { kind: 'lose-response' as const, probability: 0.05 },
  { kind: 'not-json' as const, probability: 0.05 },
  { kind: 'wrong-x-road-id' as const, probability: 0.05 },
];
const N = 2_000;
const LEASE_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await ensureUnits();
});

// Both ways a registry may answer (camdx-peer/modes.ts): with each record's result and our SPID
// extension, as our peer always did; or an acknowledgement only, results through txn/status later,
// and the SPID only through a search (the IBR schema's strict reading).
describe.each([
  { answer: 'sync' as const, spid: 'extension' as const, firstSpid: 0 },
  { answer: 'ack' as const, spid: 'search-only' as const, firstSpid: 500_000 },
])(
  'chaos, answer=$answer spid=$spid: 2,000 members of two operators, 30 % faults, a restart and a crash mid-sync',
  ({ firstSpid, ...modes }) => {
    const ref = registryPeer({ seed: 42, modes: { ...modes, ack_delay_ms: 150 } });

    it('ends with exactly one SPID per member, no duplicate in the registry, nothing stuck, retries logged', async () => {
      // Each registry makes SPIDs from its own sequence: the two of this file must not hand out the same ones.
      ref.peer.registry.state.seq = firstSpid;
      const [a, b] = [await makeOperator(), await makeOperator()];
      const ids = [...(await seedMembers(a.id, N / 2)), ...(await seedMembers(b.id, N / 2))];
      ref.peer.faults.set(CHAOS);
      const log = captureLogger();
      const client = ref.client({ totalTimeoutMs: 3_000 });
      const options = {
        logger: log.logger,
        maxAttempts: 100,
        baseDelayMs: 5,
        maxDelayMs: 50,
        pollBaseMs: 50,
        pollMaxMs: 400,
        batchSize: 100,
        leaseMs: LEASE_MS,
        heartbeatMs: 300,
        breaker: { threshold: 5, cooldownMs: 20, maxCooldownMs: 100 },
      };
      const started = Date.now();

      // A first worker runs until about a quarter is done, then is stopped as on SIGTERM with no grace:
      // the call in flight is cut and its rows given back (the registry may have had the message).
      const first = worker(client, options);
      first.start(10);
      while (((await settledCount(ids)) < N / 4 || !(await holds(first.id))) && Date.now() - started < 120_000)
        await sleep(5);
      const restart = await first.shutdown(0);

      // A second worker crashes after the registry got its batch, before it wrote the answers down: its
      // rows come back when the lease (no heartbeat any more) runs out.
      const crashed = worker(client, options);
      for (const batch of await claimBatches(crashed.id, 100, LEASE_MS))
        await crashed.send(batch).catch(() => undefined);

      // Two workers then finish the work side by side.
      const finishers = [worker(client, options), worker(client, options)];
      for (const w of finishers) w.start(10);
      const deadline = Date.now() + 240_000;
      while ((await dueCount()) > 0 && Date.now() < deadline) await sleep(100);
      await Promise.all(finishers.map((w) => w.stop()));
      const drainMs = Date.now() - started;

      const states = await query<{ state: string; n: string | number }>(
        db(),
        sql`SELECT state, count(*) AS n FROM member_registry WHERE member_id IN ${ids} GROUP BY state`,
      );
      const [spids] = await query<{ distinct_spids: string | number; with_spid: string | number }>(
        db(),
        sql`SELECT count(DISTINCT spid) AS distinct_spids, count(spid) AS with_spid FROM member_registry WHERE member_id IN ${ids}`,
      );
      const [open] = await query<{ n: string | number }>(
        db(),
        sql`SELECT count(*) AS n FROM registry_outbox WHERE member_id IN ${ids} AND status <> 'done'`,
      );
      // The registry: one person per member, each linked to exactly one of our members, nothing pending.
      const persons = ref.peer.registry.state.persons;
      const figures = {
        modes,
        members: N,
        withOneSpid: Number(spids!.with_spid),
        distinctSpids: Number(spids!.distinct_spids),
        registryPersons: persons.length,
        duplicates: persons.filter((p) => p.links.length !== 1).length + (N - Number(spids!.distinct_spids)),
        stuckRows: Number(open!.n),
        drainMs,
        restartReleased: restart.released,
        exchanges: ref.peer.requests.length,
      };
      process.stdout.write(`registry chaos figures ${JSON.stringify(figures)}\n`);

      expect(states.map((s) => [s.state, Number(s.n)])).toEqual([['has_spid', N]]);
      expect(figures.withOneSpid).toBe(N);
      expect(figures.distinctSpids).toBe(N);
      expect(figures.stuckRows).toBe(0);
      expect(persons).toHaveLength(N);
      expect(persons.every((p) => p.links.length === 1)).toBe(true);
      const ours = new Map(
        (await query<{ member_id: string; spid: string }>(db(), sql`SELECT member_id, spid FROM member_registry`)).map(
          (r) => [r.member_id, r.spid],
        ),
      );
      for (const p of persons) expect(ours.get(p.links[0]!.split('|').pop()!)).toBe(p.spid);

      const lines = log.parsed();
      expect(lines.filter((l) => l.event === 'registry.retry').length).toBeGreaterThan(5);
      expect(lines.some((l) => l.event === 'registry.batch' && l.recovered === true)).toBe(true);
      expect(lines.some((l) => l.event === 'registry.batch' && l.retry === true)).toBe(true);
      // A garbled answer is a retryable protocol failure, said plainly in the log.
      expect(
        lines.some((l) => l.event === 'registry.retry' && l.retryable === true && /^protocol:/.test(String(l.error))),
      ).toBe(true);
      if (modes.answer === 'ack') {
        expect(lines.some((l) => l.event === 'registry.batch' && l.acknowledged === true)).toBe(true);
        expect(lines.some((l) => l.event === 'registry.results')).toBe(true);
      }
    }, 300_000);
  },
);

async function settledCount(ids: string[]): Promise<number> {
  const [r] = await query<{ n: string | number }>(
    db(),
    sql`SELECT count(*) AS n FROM member_registry WHERE member_id IN ${ids} AND state = 'has_spid'`,
  );
  return Number(r?.n ?? 0);
}

/** Whether the worker holds rows now (a call in flight). */
async function holds(workerId: string): Promise<boolean> {
  const [r] = await query<{ n: string | number }>(
    db(),
    sql`SELECT count(*) AS n FROM registry_outbox WHERE locked_by = ${workerId} AND status = 'in_flight'`,
  );
  return Number(r?.n ?? 0) > 0;
}
