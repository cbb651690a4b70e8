// npm run bench:search [-- --regenerate] [--samples=200] [--only=<kind prefix>] [--seed-only]
// Search latency at one million members on PostgreSQL, through the real lib/search function.
// Prints p50/p95/max per query kind and writes them to bench-results/search.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installDbHandle, openPostgres } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { ensureDatabase, seed, seedState } from './bench-search/database';
import { runBenchmark } from './bench-search/run';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sdp_bench';
const args = process.argv.slice(2);
const samples = Number(args.find((a) => a.startsWith('--samples='))?.split('=')[1] ?? 200);
const out = (line: string) => process.stdout.write(`${line}\n`);

// The benchmark stops by itself: seeding takes a few minutes, the queries well under one.
const DEADLINE_MS = 40 * 60_000;
const watchdog = setTimeout(() => {
  process.stderr.write('bench:search: deadline exceeded, stopping\n');
  process.exit(2);
}, DEADLINE_MS);
watchdog.unref();

async function main() {
  await ensureDatabase(url, args.includes('--regenerate'));
  const handle = openPostgres(url, 4);
  if (handle.kind !== 'postgres') throw new Error('unreachable: openPostgres opened another kind of database');
  try {
    await runMigrations(handle);
    installDbHandle(handle);
    const state = await seedState(handle.client);
    if (state === 'stale') {
      out('benchmark data is from another version of the generator: regenerating');
      await handle.close();
      await ensureDatabase(url, true);
      return main();
    }
    if (state === 'empty') await seed(handle.client);
    else out('reusing the generated data (--regenerate to rebuild it)');
    if (args.includes('--seed-only')) return;
    const only = args.find((a) => a.startsWith('--only='))?.split('=')[1];
    const results = await runBenchmark(handle.client, samples, only);
    const dir = path.join(process.cwd(), 'bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'search.json'),
      `${JSON.stringify({ at: new Date().toISOString(), samples, results }, null, 2)}\n`,
    );
    out(`written to ${path.relative(process.cwd(), path.join(dir, 'search.json'))}`);
  } finally {
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
