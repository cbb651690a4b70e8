// npm run bench [-- --quick] [--only=<item prefix>,…] [--seconds=<per run>] [--profile] | -- --costs
// The app as users feel it: the production server on PostgreSQL holding the generated members (1M;
// --quick: 10,000 in a fresh database, short runs, for CI — no figure is asserted), driven over HTTP
// by autocannon with a real session at 1, 8 and 32 connections. Per item p50/p95/p99, throughput,
// errors and the server's peak memory; for search also the same queries through searchMembers in this
// process and the HTTP/library ratio. A table on stdout and bench/results/<date>.json.
import { loadavg } from 'node:os';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sdp_bench';
const databaseUrl = quick
  ? (() => {
      const u = new URL(BASE);
      u.pathname = `${u.pathname}_quick`;
      return u.toString();
    })()
  : BASE;
const PORT = Number(process.env.BENCH_PORT ?? 3204);
const PEER_PORT = Number(process.env.BENCH_PEER_PORT ?? 4504);

// lib/env.ts reads the environment once, when first imported: set before the app's code is loaded.
Object.assign(process.env, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '4' });

const deadline = setTimeout(
  () => {
    process.stderr.write('bench: gave up (deadline)\n');
    process.exit(2);
  },
  (quick ? 5 : 60) * 60_000,
);
deadline.unref();

async function main() {
  if (args.includes('--costs')) {
    const { openPostgres } = await import('@/db/client');
    const handle = openPostgres(databaseUrl, 1);
    const { costs } = await import('./costs');
    await costs(handle);
    return handle.close();
  }
  const { run } = await import('./run');
  await run({
    quick,
    databaseUrl,
    port: PORT,
    peerPort: PEER_PORT,
    seconds: Number(arg('seconds') ?? (quick ? 0.3 : 8)),
    only: arg('only'),
    profile: args.includes('--profile'),
    dataDir: path.join(os.tmpdir(), `sdp-bench-data${quick ? '-quick' : ''}`),
    load: () => Math.round(loadavg()[0]! * 100) / 100,
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
