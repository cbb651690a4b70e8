import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { onServerShutdown } from '@/lib/registry/run';
import { claimBatches } from '@/lib/registry/worker';
import { CLIENT, SPR } from './helpers/camdx';
import { databaseUrl } from './helpers/database-url';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

// A restart must not strand the batch in flight for a whole lease (issue 13): on SIGTERM the worker
// claims nothing more, lets the exchange finish or gives its rows back, and exits.
const ref = registryPeer();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let operatorId: string;

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
});

async function inFlight(ids: string[]): Promise<number> {
  const [r] = await query<{ n: string | number }>(
    db(),
    sql`SELECT count(*) AS n FROM registry_outbox WHERE member_id IN ${ids} AND status = 'in_flight'`,
  );
  return Number(r?.n ?? 0);
}

/** The registry has the enrollment message: the exchange is in flight, not only its rows claimed. */
const enrolmentReached = () =>
  ref.peer.requests.some((r) => r.url.includes('enrollment')) ? Promise.resolve(true) : Promise.resolve(false);

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('shutdown of the worker', () => {
  it('lets the exchange in flight finish within the grace period, then claims nothing more', async () => {
    const ids = await seedMembers(operatorId, 3);
    ref.peer.faults.set([{ kind: 'latency', ms: 500, path: 'enrollment' }]);
    ref.peer.requests.length = 0;
    const w = worker(ref.client());
    w.start(10);
    // A worker asked to stop before its call starts gives the rows back instead (the next test).
    await until(enrolmentReached);
    const started = Date.now();
    expect(await w.shutdown(5_000)).toEqual({ finished: true, released: 0 });
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const id of ids) expect(await registryOf(id)).toMatchObject({ state: 'has_spid' });
    const later = await seedMembers(operatorId, 1);
    expect(await w.runOnce()).toBe(0);
    expect(await registryOf(later[0]!)).toMatchObject({ state: 'queued' });
    await worker(ref.client()).drain();
  });

  it('gives the rows back when the call outlasts the grace period: claimable at once, nothing sent twice', async () => {
    const ids = await seedMembers(operatorId, 4);
    ref.peer.faults.set([{ kind: 'latency', ms: 2_000, path: 'enrollment', times: 1 }]);
    ref.peer.requests.length = 0;
    const w = worker(ref.client(), { leaseMs: 30_000 });
    w.start(10);
    await until(async () => (await inFlight(ids)) === 4 && (await enrolmentReached()));
    const stopped = Date.now();
    expect(await w.shutdown(100)).toEqual({ finished: false, released: 4 });
    expect(await inFlight(ids)).toBe(0);
    for (const id of ids) expect(await registryOf(id)).toMatchObject({ state: 'queued' });
    // Picked up again at once by another worker (not after the 30 s lease), as the same message.
    const again = await claimBatches('next-worker', 10, 30_000);
    const pickedUpMs = Date.now() - stopped;
    expect(again.flatMap((b) => b.rows)).toHaveLength(4);
    expect(pickedUpMs).toBeLessThan(1_000);
    await db().execute(sql`UPDATE registry_outbox SET status = 'pending', locked_by = NULL WHERE member_id IN ${ids}`);
    await sleep(2_000); // the cut call reaches the registry meanwhile
    await worker(ref.client()).drain();
    const spids = await Promise.all(ids.map(async (id) => (await registryOf(id))!.spid));
    expect(new Set(spids).size).toBe(4);
    for (const spid of spids) {
      expect(ref.peer.registry.state.persons.filter((p) => p.spid === spid)[0]!.links).toHaveLength(1);
    }
  });

  it("registers its drain with the custom server's shutdown hooks (no signal handler of its own)", async () => {
    const g = globalThis as { __sdpShutdownHooks?: Array<() => Promise<void>> };
    const before = g.__sdpShutdownHooks?.length ?? 0;
    const signals = process.listenerCount('SIGTERM');
    const w = worker(ref.client());
    w.start(10);
    onServerShutdown(w, 1_000);
    expect(g.__sdpShutdownHooks).toHaveLength(before + 1);
    expect(process.listenerCount('SIGTERM')).toBe(signals);
    await g.__sdpShutdownHooks!.at(-1)!();
    const [id] = await seedMembers(operatorId, 1);
    await sleep(100);
    expect(await registryOf(id!)).toMatchObject({ state: 'queued' });
    g.__sdpShutdownHooks!.pop();
    await worker(ref.client()).drain();
  });
});

// `npm run worker` is its own process on PostgreSQL (the embedded database has one owner).
describe.runIf(process.env.TEST_DATABASE_URL)('npm run worker on SIGTERM', () => {
  it('exits promptly, giving back the batch in flight; another worker picks it up at once', async () => {
    const ids = await seedMembers(operatorId, 5);
    ref.peer.faults.set([{ kind: 'latency', ms: 10_000, path: 'enrollment', times: 1 }]);
    const [{ name }] = (await query<{ name: string }>(db(), sql`SELECT current_database() AS name`)) as [
      { name: string },
    ];
    const root = path.resolve(import.meta.dirname, '..');
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/worker.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl(process.env.TEST_DATABASE_URL!, name),
        CAMDX_SECURITY_SERVER_URL: ref.peer.url,
        CAMDX_CLIENT_ID: Object.values(CLIENT).join('/'),
        CAMDX_SPR_SERVICE_ID: Object.values(SPR).join('/'),
        CAMDX_SYNC_INTERVAL_MS: '100',
        CAMDX_SYNC_SHUTDOWN_GRACE_MS: '500',
        // Not 'test': the app's logger is silent under test, and the stop is read from its lines.
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => {
      try {
        lines.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        /* not a log line */
      }
    });
    child.stderr.resume();
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await until(async () => (await inFlight(ids)) === 5, 60_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const exitMs = Date.now() - signalled;
    const again = await claimBatches('next-worker', 10, 30_000);
    const pickedUpMs = Date.now() - signalled;
    process.stdout.write(`registry SIGTERM figures ${JSON.stringify({ exitMs, pickedUpMs })}\n`);
    expect(exitMs).toBeLessThan(5_000);
    expect(again.flatMap((b) => b.rows)).toHaveLength(5);
    expect(lines.find((l) => l.event === 'registry.worker_stopped')).toMatchObject({ finished: false, released: 5 });
    await db().execute(sql`UPDATE registry_outbox SET status = 'pending', locked_by = NULL WHERE member_id IN ${ids}`);
    await worker(ref.client()).drain();
    for (const id of ids) expect(await registryOf(id)).toMatchObject({ state: 'has_spid' });
  }, 90_000);
});
