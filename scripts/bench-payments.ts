/**
 * npm run bench:payments — a payment list of 100,000 active enrolments on PostgreSQL, through the
 * real code: generate it (lib/payments/generate.ts, limit 5 s), download its provider file as CSV
 * and as XLSX (lib/payments/files.ts, 3 s each), import a 100,000-row results file
 * (lib/payments/reconcile.ts, 10 s), and the peak memory of each step above the process's memory at
 * rest before it (300 MB). Prints the figures; exits 1 when one is over its limit.
 * Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else DATABASE_URL (a postgres:// URL), else
 * postgres://postgres@127.0.0.1:5432/postgres; a database sdp_bench_payments is created and dropped
 * (BENCH_KEEP=1 keeps it). BENCH_ROWS changes the number of enrolments. Gives up after 10 minutes.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import postgres from 'postgres';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BASE_URL =
  [process.env.BENCH_DATABASE_URL, process.env.TEST_DATABASE_URL, process.env.DATABASE_URL].find((u) =>
    u?.startsWith('postgres'),
  ) ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sdp_bench_payments';
const work = mkdtempSync(path.join(os.tmpdir(), 'sdp-bench-payments-'));
const dbUrl = (() => {
  const u = new URL(BASE_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

// lib/env.ts reads the environment once, when first imported: set it before loading the app code.
Object.assign(process.env, {
  DATABASE_URL: dbUrl,
  DATA_DIR: path.join(work, 'data'),
  LOG_LEVEL: 'warn',
  DATABASE_POOL_SIZE: '4',
});

const deadline = setTimeout(() => {
  process.stderr.write('bench:payments gave up after 10 minutes\n');
  process.exit(2);
}, 10 * 60_000);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Figure {
  step: string;
  seconds: number;
  limit: number;
  peakAboveRest: number;
}

/** Runs a step, sampling the resident memory every 10 ms; the rest is the memory just before. */
async function measure<T>(step: string, limit: number, run: () => Promise<T>): Promise<{ value: T; figure: Figure }> {
  const rest = process.memoryUsage().rss;
  let peak = rest;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const start = performance.now();
  try {
    const value = await run();
    const seconds = (performance.now() - start) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, figure: { step, seconds, limit, peakAboveRest: peak - rest } };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  const figures: Figure[] = [];
  try {
    const { dbHandle, db } = await import('@/db/client');
    const { runMigrations } = await import('@/db/migrate');
    const { seedPaymentBench } = await import('./bench-payments-generation');
    const { generatePaymentList } = await import('@/lib/payments/generate');
    const { paymentListFile } = await import('@/lib/payments/files');
    const { importResults } = await import('@/lib/payments/reconcile');
    await runMigrations(dbHandle());
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    // The same register as the generation benchmark (lib/payments' helper): households of four under
    // the COVID-era rules, each enrolled with payment details.
    const seedStart = performance.now();
    const seeded = await seedPaymentBench(db(), ROWS);
    out(
      `fixture: ${ROWS.toLocaleString('en')} households, ${(4 * ROWS).toLocaleString('en')} members, ${ROWS.toLocaleString('en')} active enrolments in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const [officer] = await sql<{ id: string; email: string; name: string; roles: string[] }[]>`
      select id, email, name, roles from users where id = ${seeded.officer.id}`;
    const approver = seeded.approver;
    const programme = { id: seeded.programmeId };
    const operator = { id: seeded.operatorId, code: seeded.officer.operatorCode };
    const actor = {
      id: officer!.id,
      operatorId: operator.id,
      operatorCode: operator.code,
      email: officer!.email,
      name: officer!.name,
      roles: officer!.roles,
      isPlatformAdmin: false,
      mustChangePassword: false,
      locale: null,
    } as unknown as Parameters<typeof paymentListFile>[0];

    const gen = await measure('generate', 5, () =>
      generatePaymentList(actor, { programmeId: programme.id, period: '2026-12' }),
    );
    figures.push(gen.figure);
    const listId = gen.value.id;
    out(
      `generated ${gen.value.code}: ${gen.value.lines.toLocaleString('en')} lines, total ${gen.value.total.toLocaleString('en')} ${gen.value.currency}`,
    );
    // Approval is another user's step (lib/payments/transitions.ts); the benchmark sets it directly.
    await sql`update payment_lists set status = 'approved', submitted_by = ${officer!.id}, submitted_at = now(),
      approved_by = ${approver.id}, approved_at = now() where id = ${listId}`;

    for (const format of ['csv', 'xlsx'] as const) {
      const file = path.join(work, `list.${format}`);
      const run = await measure(`export ${format.toUpperCase()}`, 3, async () => {
        const answer = await paymentListFile(actor, listId, { format });
        await pipeline(
          Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream),
          createWriteStream(file),
        );
      });
      figures.push(run.figure);
      out(`  ${format}: ${mb(statSync(file).size)} written`);
    }

    // The CSV's amounts sum to the list's total (checked outside the timing).
    let sum = 0;
    let lines = 0;
    const refs: string[] = [];
    for await (const rec of createReadStream(path.join(work, 'list.csv')).pipe(
      parse({ bom: true, columns: true }),
    ) as AsyncIterable<Record<string, string>>) {
      sum += Number(rec.amount);
      lines += 1;
      refs.push(rec.line_ref!);
    }
    const [list] = await sql<
      { total_amount: string; line_count: number }[]
    >`select total_amount, line_count from payment_lists where id = ${listId}`;
    out(
      `  CSV: ${lines.toLocaleString('en')} lines summing to ${sum.toLocaleString('en')} (list total ${Number(list!.total_amount).toLocaleString('en')})`,
    );
    if (sum !== Number(list!.total_amount) || lines !== list!.line_count)
      throw new Error('the file does not add up to the list');

    // A results file of every line: 97% paid, 3% failed.
    const results = ['line_ref,status,reason,transaction_ref,date_paid'];
    refs.forEach((ref, i) =>
      results.push(
        i % 33 === 0 ? `${ref},failed,wallet closed,,` : `${ref},paid,,TX${String(i).padStart(7, '0')},2026-12-16`,
      ),
    );
    const bytes = new TextEncoder().encode(results.join('\n') + '\n');
    refs.length = 0;
    results.length = 0;
    const rec = await measure('reconcile', 10, () => importResults(actor, listId, { name: 'results.csv', bytes }));
    figures.push(rec.figure);
    out(`reconciled: ${JSON.stringify(rec.value)}`);
    const [after] = await sql<{ status: string; paid_count: number; failed_count: number }[]>`
      select status, paid_count, failed_count from payment_lists where id = ${listId}`;
    out(`  list ${after!.status}: ${after!.paid_count} paid, ${after!.failed_count} failed`);
    await sql.end();
    await dbHandle().close();
  } finally {
    if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }

  out('\nstep            time     limit   peak RSS above rest (limit 300 MB)');
  let ok = true;
  for (const f of figures) {
    const pass = f.seconds < f.limit && f.peakAboveRest < 300 * 1024 * 1024;
    ok &&= pass;
    out(
      `${f.step.padEnd(14)} ${f.seconds.toFixed(2).padStart(6)} s  < ${String(f.limit).padStart(2)} s   ${mb(f.peakAboveRest).padStart(7)}   ${pass ? 'ok' : 'OVER'}`,
    );
  }
  return ok;
}

main().then(
  (ok) => {
    clearTimeout(deadline);
    process.exit(ok ? 0 : 1);
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
