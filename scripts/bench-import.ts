/**
 * npm run bench:import — imports a generated, deterministic 100,000-row CSV through the real import
 * code into a fresh PostgreSQL database and prints the time and the peak memory of each run:
 *   1. the file into an empty operator, 2. the same file again (idempotent: nothing new),
 *   3. another 100,000 people into the same operator (duplicate checks against the first 100,000).
 * Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a database
 * sdp_bench_import is created and dropped. Villages come from the gazetteer copy beside the project
 * (../shared/data/gazetteer). Bounded: gives up after 10 minutes. BENCH_ROWS changes the file size,
 * BENCH_RUNS=2 skips the third run, BENCH_KEEP=1 keeps the database to look at afterwards.
 */
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import postgres from 'postgres';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sdp_bench_import';
const work = mkdtempSync(path.join(os.tmpdir(), 'sdp-bench-import-'));
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
  process.stderr.write('bench:import gave up after 10 minutes\n');
  process.exit(2);
}, 10 * 60_000);

function gazetteerFile(): string {
  for (const dir of ['../shared/data/gazetteer', '../../shared/data/gazetteer', '../data/gazetteer']) {
    const file = path.resolve(process.cwd(), dir, 'pumi-admin-units-flat.csv');
    if (existsSync(file)) return file;
  }
  throw new Error('pumi-admin-units-flat.csv not found beside the project (../shared/data/gazetteer)');
}

/** Deterministic pseudo-random numbers (mulberry32), so every run imports the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES: [string, string][] = [
  ['សុខ', 'Sok'],
  ['ចាន់', 'Chan'],
  ['កែវ', 'Keo'],
  ['ហេង', 'Heng'],
  ['លី', 'Ly'],
  ['ម៉ៅ', 'Mao'],
  ['សួន', 'Suon'],
  ['ឈឹម', 'Chhim'],
  ['ប៉ុក', 'Pok'],
  ['ញ៉ែម', 'Nhem'],
  ['អ៊ុំ', 'Um'],
  ['ទេព', 'Tep'],
  ['ព្រំ', 'Prom'],
  ['ស៊ុន', 'Sun'],
  ['យិន', 'Yin'],
  ['គង់', 'Kong'],
  ['ខៀវ', 'Khiev'],
  ['នួន', 'Nuon'],
  ['ពេជ្រ', 'Pich'],
  ['រស់', 'Ros'],
];
const GIVEN: [string, string][] = [
  ['ដារ៉ា', 'Dara'],
  ['សុភា', 'Sophea'],
  ['វិចិត្រ', 'Vichet'],
  ['ចន្ថា', 'Chantha'],
  ['សុវណ្ណ', 'Sovann'],
  ['បុប្ផា', 'Bopha'],
  ['រតនា', 'Ratana'],
  ['សំណាង', 'Samnang'],
  ['ស្រីមុំ', 'Sreymom'],
  ['វណ្ណា', 'Vanna'],
  ['ពិសិដ្ឋ', 'Piseth'],
  ['សុជាតា', 'Socheata'],
  ['ធារី', 'Theary'],
  ['មករា', 'Makara'],
  ['កញ្ញា', 'Kanha'],
  ['សុខា', 'Sokha'],
  ['រដ្ឋា', 'Rotha'],
  ['នារី', 'Neary'],
  ['ចំរើន', 'Chamroeun'],
  ['សុផល', 'Sophal'],
  ['ភារម្យ', 'Pheaarom'],
  ['លីដា', 'Lida'],
  ['ស្រីនាង', 'Sreyneang'],
  ['វាសនា', 'Veasna'],
  ['បញ្ញា', 'Panha'],
];

const HEADER = [
  'household_ref',
  'village_code',
  'address',
  'idpoor_number',
  'idpoor_level',
  'household_phone',
  'surname_km',
  'given_name_km',
  'surname_latin',
  'given_name_latin',
  'sex',
  'birth_date',
  'birth_year',
  'relationship',
  'khmer_id',
  'phone',
  'marital_status',
  'wg_walking',
];

/** ROWS member rows in households of 1–7, about 1% of households with a bad row (an impossible date). */
async function writeCsv(file: string, villages: string[], seed: number): Promise<void> {
  const rnd = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const out = createWriteStream(file);
  const write = async (cells: string[]) => {
    if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
  };
  await write(HEADER);
  let rows = 0;
  for (let h = 0; rows < ROWS; h++) {
    const size = Math.min(ROWS - rows, 1 + Math.floor(rnd() * 7));
    const village = pick(villages);
    const poor = rnd() < 0.3;
    const bad = rnd() < 0.01;
    for (let m = 0; m < size; m++) {
      const [sk, sl] = pick(SURNAMES);
      const [gk, gl] = pick(GIVEN);
      const adult = m < 2;
      const year = adult ? 1950 + Math.floor(rnd() * 50) : 2000 + Math.floor(rnd() * 24);
      const estimated = rnd() < 0.1;
      const date = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const serial = seed * 1_000_000 + rows;
      await write([
        `S${seed}-H${h}`,
        m === 0 ? village : '',
        m === 0 ? `ផ្ទះលេខ ${h}` : '',
        m === 0 && poor ? `${village}-${String(h % 10000).padStart(4, '0')}` : '',
        m === 0 && poor ? String(1 + (h % 2)) : '',
        m === 0 ? `012 ${String(100 + (h % 900))} ${String(100 + (rows % 900))}` : '',
        sk,
        gk,
        sl,
        gl,
        m === 1 ? 'F' : rnd() < 0.5 ? 'F' : 'M',
        bad && m === size - 1 ? '2023-02-30' : estimated ? '' : date,
        estimated ? String(year) : '',
        m === 0 ? 'head' : m === 1 ? 'spouse' : 'child',
        year < 2008 ? String(100_000_000 + (serial % 899_999_999)) : '',
        '',
        m < 2 ? 'married' : 'single',
        rnd() < 0.05 ? 'aLot' : '',
      ]);
      rows += 1;
    }
  }
  out.end();
  await once(out, 'finish');
}

async function loadGazetteer(
  sql: postgres.Sql,
  khmerKey: (s: string) => string,
  latinKey: (s: string) => string,
): Promise<string[]> {
  const [{ n } = { n: 0 }] = await sql<
    { n: number }[]
  >`select count(*)::int as n from admin_units where level = 'village'`;
  const villages: string[] = [];
  const batch: Record<string, string | null>[] = [];
  const flush = async () => {
    if (n === 0 && batch.length) await sql`insert into admin_units ${sql(batch)} on conflict (code) do nothing`;
    batch.length = 0;
  };
  for await (const r of createReadStream(gazetteerFile()).pipe(parse({ columns: true })) as AsyncIterable<
    Record<string, string>
  >) {
    if (r.level === 'village') villages.push(r.code!);
    batch.push({
      code: r.code!,
      level: r.level!,
      parent_code: r.parent_code || null,
      name_km: r.name_km!,
      name_latin: r.name_latin!,
      type_km: r.type_km!,
      type_latin: r.type_latin!,
      type_en: r.type_en!,
      name_km_key: khmerKey(r.name_km!),
      name_latin_key: latinKey(r.name_latin!),
    });
    if (batch.length >= 1000) await flush();
  }
  await flush();
  // Every seventh village: about 2,000 villages in every province.
  return villages.filter((_, i) => i % 7 === 0);
}

async function main() {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  try {
    const { dbHandle, db } = await import('@/db/client');
    const { runMigrations } = await import('@/db/migrate');
    const schema = await import('@/db/schema');
    const { khmerKey, latinKey } = await import('@/lib/text/normalise');
    const { createImportJob } = await import('@/lib/imports/jobs');
    const { importsSettled } = await import('@/lib/imports/run');
    const { eq, count } = await import('drizzle-orm');
    await runMigrations(dbHandle());
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    const villages = await loadGazetteer(sql, khmerKey, latinKey);
    const [operator] = await db()
      .insert(schema.operators)
      .values({ code: 'BENCH', nameKm: 'តេស្ត', nameEn: 'Bench' })
      .returning();
    const [user] = await db()
      .insert(schema.users)
      .values({
        operatorId: operator!.id,
        email: 'bench@example.org',
        name: 'Bench',
        passwordHash: 'x',
        roles: ['enrolment_officer'],
      })
      .returning();
    const actor = { ...user!, operatorId: operator!.id, operatorCode: 'BENCH' } as unknown as Parameters<
      typeof createImportJob
    >[0];

    const run = async (label: string, file: string) => {
      if (global.gc) global.gc();
      const before = process.memoryUsage().rss;
      let peak = before;
      let heap = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.rss);
        heap = Math.max(heap, m.heapUsed);
      }, 50);
      const started = performance.now();
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      const job = await createImportJob(actor, { name: path.basename(file), confirmSimilar: false }, body, 'en');
      // When each phase started, seen by polling the job as the page does.
      const phases: string[] = [];
      let last = '';
      const poller = setInterval(() => {
        void db()
          .select({ status: schema.importJobs.status })
          .from(schema.importJobs)
          .where(eq(schema.importJobs.id, job.id))
          .then(([r]) => {
            if (r && r.status !== last)
              phases.push(`${(last = r.status)} at ${((performance.now() - started) / 1000).toFixed(1)} s`);
          });
      }, 100);
      await importsSettled();
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      clearInterval(poller);
      const [row] = await db().select().from(schema.importJobs).where(eq(schema.importJobs.id, job.id));
      if (last !== row!.status) phases.push(`${row!.status} at ${seconds.toFixed(1)} s`);
      const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
      process.stdout.write(
        `${label}: ${row!.status} in ${seconds.toFixed(1)} s — ${row!.totalRows} rows, ${row!.createdHouseholds} households and ` +
          `${row!.createdMembers} members created, ${row!.skippedRows} already present, ${row!.invalidRows} not imported; ` +
          `RSS ${mb(before)} before, peak ${mb(peak)} (+${mb(peak - before)}), peak JS heap ${mb(heap)}\n   phases: ${phases.join(', ')}\n`,
      );
      return row!;
    };

    const fileA = path.join(work, 'members-a.csv');
    const fileB = path.join(work, 'members-b.csv');
    await writeCsv(fileA, villages, 1);
    await writeCsv(fileB, villages, 2);
    process.stdout.write(
      `bench:import — ${ROWS} rows per file, PostgreSQL ${(await sql`show server_version`)[0]!.server_version}, Node ${process.version}\n`,
    );
    const first = await run('1. new file, empty operator', fileA);
    const again = await run('2. same file again       ', fileA);
    if (process.env.BENCH_RUNS !== '2') await run('3. another file, dedupe  ', fileB);
    const [{ n } = { n: 0 }] = await db().select({ n: count() }).from(schema.members);
    process.stdout.write(
      `members in the database: ${n}; the second run created ${again.createdMembers} (expected 0)\n`,
    );
    await sql.end();
    await dbHandle().close();
    if (first.status !== 'done' || again.createdMembers !== 0) process.exitCode = 1;
  } finally {
    if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
