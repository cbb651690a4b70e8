// The table on stdout and the issue's targets beside the figures (reported, never asserted: the
// machine is shared and the quick run's database is tiny).
import type { Figures } from './load';

export interface Row {
  item: string;
  connections: number;
  figures: Figures;
  /** The 1-minute load average just after the run (2 cores, shared). */
  load: number;
  library?: { p50: number; p95: number; requests: number; cpuMs: number; dbCpuMs?: number };
  ratioP95?: number;
  overheadP50?: number;
  note?: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const num = (n: number | undefined, w: number) => (n === undefined ? '' : String(n)).padStart(w);

export function printTable(rows: Row[]): void {
  out('');
  out(
    `${'item'.padEnd(30)} ${'conn'.padStart(4)} ${'n'.padStart(6)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'req/s'.padStart(7)} ${'err'.padStart(4)} ${'RSS MB'.padStart(6)} ${'lib p50'.padStart(7)} ${'lib p95'.padStart(7)} ${'ratio'.padStart(5)} ${'+p50'.padStart(5)} ${'cpu'.padStart(5)} ${'libcpu'.padStart(6)} ${'dbcpu'.padStart(5)} ${'libdb'.padStart(5)} ${'load'.padStart(5)}`,
  );
  for (const r of rows) {
    const f = r.figures;
    out(
      `${r.item.slice(0, 30).padEnd(30)} ${num(r.connections, 4)} ${num(f.requests, 6)} ${num(f.p50, 7)} ${num(f.p95, 7)} ${num(f.p99, 7)} ${num(f.rps, 7)} ${num(f.errors, 4)} ${num(f.peakRssMb, 6)} ${num(r.library?.p50, 7)} ${num(r.library?.p95, 7)} ${num(r.ratioP95, 5)} ${num(r.overheadP50, 5)} ${num(f.cpuMs, 5)} ${num(r.library?.cpuMs, 6)} ${num(f.dbCpuMs, 5)} ${num(r.library?.dbCpuMs, 5)} ${num(r.load, 5)}${r.note ? `  ${r.note}` : ''}`,
    );
  }
  out('(ms; ratio = HTTP p95 / library p95 at one connection; +p50 = HTTP p50 − library p50;');
  out(" cpu = server CPU per answer, libcpu = this process's CPU per library call: PostgreSQL's time is in neither;");
  out(" dbcpu, libdb = PostgreSQL's CPU per answer and per library call, all its processes on this machine)");
  out('');
  for (const line of targets(rows)) out(line);
}

/** The issue's targets (issue 15) against this run's figures. */
export function targets(rows: Row[]): string[] {
  const lines = ['targets:'];
  const kinds = rows.filter((r) => r.item.startsWith('search:') && r.library);
  if (kinds.length) {
    const worstOverhead = Math.max(...kinds.map((r) => r.overheadP50 ?? 0));
    const worstRatio = Math.max(...kinds.map((r) => r.ratioP95 ?? 0));
    const overheads = kinds.map((r) => r.overheadP50 ?? 0).sort((a, b) => a - b);
    const median = overheads[Math.floor(overheads.length / 2)] ?? 0;
    lines.push(`  app overhead on a search p50 ≤ 3 ms: median ${median} ms, worst kind ${worstOverhead} ms`);
    lines.push(`  HTTP/library p95 ratio ≤ 1.5 every kind: worst ${worstRatio}`);
  }
  const mixed = rows.find((r) => r.item === 'search: mixed' && r.connections === 32);
  if (mixed)
    lines.push(
      `  mixed search at 32 ≥ 150 req/s, p95 < 200 ms: ${mixed.figures.rps} req/s, p95 ${mixed.figures.p95} ms`,
    );
  for (const item of ['household page', 'enrolment submit']) {
    const r = rows.find((x) => x.item === item && x.connections === 8);
    if (r) lines.push(`  ${item} p95 at 8 < 150 ms: ${r.figures.p95} ms`);
  }
  return lines;
}
