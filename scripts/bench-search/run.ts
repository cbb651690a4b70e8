// Times lib/search's searchMembers for each kind of query, with inputs drawn from the generated data.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import type { Locale } from '@/db/schema/accounts';
import type { OperatorUser } from '@/lib/auth/guards';
import { searchParamsSchema, type SearchParamsInput } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { inputsFor, type Sample } from './inputs';

export interface KindResult {
  kind: string;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  meanRows: number;
  slowest: string[];
  /** The machine's 1-minute load average when the kind was measured (2 cores, shared). */
  load: number;
}

const WARM_UP = 20;
// The machine is shared: wait (a bounded while) for others' work to ebb, so that the figures are
// the search's and not the queue's; the load is reported with each kind either way.
const QUIET_LOAD = 2;
const QUIET_WAIT_MS = 90_000;

async function quietEnough(): Promise<number> {
  const until = Date.now() + QUIET_WAIT_MS;
  while (loadavg()[0]! > QUIET_LOAD && Date.now() < until) await new Promise((r) => setTimeout(r, 2000));
  return Math.round(loadavg()[0]! * 100) / 100;
}
const out = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function timeOne(actor: OperatorUser, sample: Sample): Promise<{ ms: number; rows: number }> {
  const params = searchParamsSchema.parse(sample.params);
  const locale: Locale = sample.locale ?? 'km';
  let cursorParams = params;
  if (sample.secondPage) {
    // The second page is what is timed: its cursor comes from an untimed first page.
    const first = await searchMembers(actor, params, locale);
    cursorParams = searchParamsSchema.parse({ ...sample.params, cursor: first.nextCursor ?? undefined });
  }
  const started = performance.now();
  const result = await searchMembers(actor, cursorParams, locale);
  return { ms: performance.now() - started, rows: result.items.length };
}

export async function runBenchmark(sql: postgres.Sql, samples: number, only?: string): Promise<KindResult[]> {
  const [op] = await sql<{ id: string }[]>`select id from operators where code = 'BNCH'`;
  const actor: OperatorUser = {
    id: '00000000-0000-4000-8000-000000000000',
    sessionId: '00000000-0000-4000-8000-000000000001',
    operatorId: op!.id,
    email: 'bench@example.org',
    name: 'Benchmark',
    roles: ['viewer'],
    locale: 'km',
    mustChangePassword: false,
    operatorCode: 'BNCH',
    isPlatformAdmin: false,
  };
  const kinds = await inputsFor(sql, actor, samples);
  const results: KindResult[] = [];
  out(
    `${'kind'.padEnd(26)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'rows'.padStart(6)} ${'load'.padStart(6)}`,
  );
  for (const [kind, inputs] of Object.entries(kinds).filter(([k]) => !only || k.startsWith(only))) {
    const load = await quietEnough();
    for (const sample of inputs.slice(0, WARM_UP)) await timeOne(actor, sample);
    const timings: { ms: number; rows: number; input: SearchParamsInput }[] = [];
    for (const sample of inputs) timings.push({ ...(await timeOne(actor, sample)), input: sample.params });
    const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
    const result: KindResult = {
      kind,
      samples: timings.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      max: round(sorted.at(-1) ?? 0),
      meanRows: round(timings.reduce((s, t) => s + t.rows, 0) / Math.max(1, timings.length)),
      slowest: [...timings]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map((t) => `${round(t.ms)} ms ${JSON.stringify(t.input)}`),
      load,
    };
    results.push(result);
    out(
      `${kind.padEnd(26)} ${String(result.samples).padStart(4)} ${result.p50.toFixed(1).padStart(8)} ${result.p95.toFixed(1).padStart(8)} ${result.max.toFixed(1).padStart(8)} ${result.meanRows.toFixed(1).padStart(6)} ${result.load.toFixed(2).padStart(6)}`,
    );
  }
  return results;
}
