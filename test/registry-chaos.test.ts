import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { claimBatches } from '@/lib/registry/worker';
import { query } from '@/db/rows';
import { captureLogger } from './helpers/camdx';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { expireLeases, registryPeer, seedMembers, worker } from './helpers/registry';

// 30 % of requests fail, spread over every kind of fault (1 − 0.93⁵ ≈ 0.30), plus some latency.
const CHAOS = [
  { kind: 'latency' as const, ms: 30, probability: 0.1 },
  { kind: 'xroad-error' as const, code: 'Server.ServerProxy.NetworkError', probability: 0.07 },
  {
    kind: 'xroad-error' as const,
    code: 'Server.ClientProxy.InternalError',
    spelling: 'modern' as const,
    probability: 0.07,
  },
  { kind: 'http-error' as const, status: 503, probability: 0.07 },
  { kind: 'drop' as const, probability: 0.07 },
  { kind: 'lose-response' as const, probability: 0.07 },
];
const N = 2_000;

const ref = registryPeer({ seed: 42 });
let ids: string[];

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  ids = await seedMembers(op.id, N);
});

describe('chaos: 2,000 members, 30 % faults, the worker killed twice mid-batch', () => {
  it('ends with exactly one SPID per member, no duplicate in the registry, nothing missing, retries logged', async () => {
    ref.peer.faults.set(CHAOS);
    const log = captureLogger();
    const client = ref.client({ totalTimeoutMs: 3_000 });
    const options = {
      logger: log.logger,
      maxAttempts: 100,
      baseDelayMs: 5,
      maxDelayMs: 50,
      batchSize: 100,
      breaker: { threshold: 5, cooldownMs: 20, maxCooldownMs: 100 },
    };

    // A first worker makes some progress, then is killed after the registry got its batch but before
    // it wrote the answers down.
    const first = worker(client, options);
    for (let i = 0; i < 3; i += 1) await first.runOnce();
    for (const batch of await claimBatches(first.id, 100, 30_000)) await first.send(batch).catch(() => undefined);
    await expireLeases();

    // A second worker is killed right after claiming (nothing sent).
    const second = worker(client, options);
    for (let i = 0; i < 3; i += 1) await second.runOnce();
    await claimBatches(second.id, 100, 30_000);
    await expireLeases();

    // Two workers then finish the work side by side.
    await Promise.all([worker(client, options).drain(), worker(client, options).drain()]);

    const states = await query<{ state: string; n: string | number }>(
      db(),
      sql`SELECT state, count(*) AS n FROM member_registry GROUP BY state`,
    );
    expect(states.map((s) => [s.state, Number(s.n)])).toEqual([['has_spid', N]]);
    const [spids] = await query<{ distinct_spids: string | number; with_spid: string | number }>(
      db(),
      sql`
      SELECT count(DISTINCT spid) AS distinct_spids, count(spid) AS with_spid FROM member_registry WHERE member_id IN ${ids}`,
    );
    expect(Number(spids!.with_spid)).toBe(N);
    expect(Number(spids!.distinct_spids)).toBe(N);
    const [open] = await query<{ n: string | number }>(
      db(),
      sql`SELECT count(*) AS n FROM registry_outbox WHERE status <> 'done'`,
    );
    expect(Number(open!.n)).toBe(0);

    // The registry: one person per member, each linked to exactly one of our members, nothing pending.
    const persons = ref.peer.registry.state.persons;
    expect(persons).toHaveLength(N);
    expect(persons.every((p) => p.links.length === 1)).toBe(true);
    const ours = new Map(
      (await query<{ member_id: string; spid: string }>(db(), sql`SELECT member_id, spid FROM member_registry`)).map(
        (r) => [r.member_id, r.spid],
      ),
    );
    for (const p of persons) expect(ours.get(p.links[0]!.split('|').pop()!)).toBe(p.spid);

    const lines = log.parsed();
    const retries = lines.filter((l) => l.event === 'registry.retry');
    expect(retries.length).toBeGreaterThan(5);
    expect(lines.some((l) => l.event === 'registry.batch' && l.recovered === true)).toBe(true);
    expect(lines.some((l) => l.event === 'registry.batch' && l.retry === true)).toBe(true);
  }, 300_000);
});
