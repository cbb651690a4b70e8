/**
 * npm run bench:enrol — bulk enrolment of BENCH_HOUSEHOLDS
 * (default 100,000) households through the real domain code on PostgreSQL, timed:
 *   1. the preview (every household sorted into its reason),
 *   2. the confirmation (one INSERT … SELECT, an audit row per enrolment, the registry told),
 *   3. the confirmation again (idempotent: nothing new).
 * Households are seeded set-based (head + child each; 9 in 10 with an IDPoor level, so eligible).
 * Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a database
 * sdp_bench_enrol is created and dropped (BENCH_KEEP=1 keeps it). Gives up after 10 minutes.
 */
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const N = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sdp_bench_enrol';
const dbUrl = (() => {
  const u = new URL(BASE_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

// lib/env.ts reads the environment once, when first imported: set it before loading the app code.
Object.assign(process.env, {
  DATABASE_URL: dbUrl,
  DATA_DIR: path.join(os.tmpdir(), 'sdp-bench-enrol'),
  LOG_LEVEL: 'warn',
  DATABASE_POOL_SIZE: '4',
});

const deadline = setTimeout(() => {
  process.stderr.write('bench-enrol gave up after 10 minutes\n');
  process.exit(2);
}, 10 * 60_000);

const out = (line: string) => process.stdout.write(`${line}\n`);

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  out(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s — ${JSON.stringify(result)}`);
  return result;
}

async function main() {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  try {
    const { dbHandle, db } = await import('@/db/client');
    const { runMigrations } = await import('@/db/migrate');
    const { sql } = await import('drizzle-orm');
    const { previewBulkEnrolment, confirmBulkEnrolment } = await import('@/lib/programmes/enrolment-bulk');
    const { bulkEnrolSchema } = await import('@/lib/programmes/enrolment-bulk-schema');
    await runMigrations(dbHandle());
    const seedStarted = performance.now();
    await db()
      .execute(sql`INSERT INTO admin_units (code, level, parent_code, name_km, name_latin, type_km, type_latin, type_en, name_km_key, name_latin_key)
      VALUES ('99', 'province', NULL, 'ខេត្ត', 'Bench', 'ខេត្ត', 'Khaet', 'province', 'ខេត្ត', 'bench'),
             ('9901', 'district', '99', 'ស្រុក', 'Bench', 'ស្រុក', 'Srok', 'district', 'ស្រុក', 'bench'),
             ('990101', 'commune', '9901', 'ឃុំ', 'Bench', 'ឃុំ', 'Khum', 'commune', 'ឃុំ', 'bench'),
             ('99010101', 'village', '990101', 'ភូមិ', 'Bench', 'ភូមិ', 'Phum', 'village', 'ភូមិ', 'bench')`);
    const [ids] = (await db()
      .execute(sql`WITH op AS (INSERT INTO operators (code, name_km, name_en) VALUES ('BENCH', 'ប្រតិបត្តិករ', 'Bench') RETURNING id),
      u AS (INSERT INTO users (operator_id, email, name, password_hash, roles)
        SELECT id, 'bench@bench.invalid', 'Bench', 'x', '{operator_admin}' FROM op RETURNING id, operator_id),
      p AS (INSERT INTO programmes (operator_id, code, name_km, name_en, benefit_type, currency, frequency, start_date, status, rules)
        SELECT id, 'CCT', 'កម្មវិធី', 'Cash transfer', 'cash', 'KHR', 'monthly', '2026-01-01', 'active',
          ${JSON.stringify({
            currency: 'KHR',
            eligibility: { idpoorLevels: [1, 2] },
            household: [{ when: { setting: 'rural' }, amount: 40_000 }],
            members: [{ when: { maxAge: 5 }, amount: 20_000 }],
          })}::jsonb FROM op RETURNING id)
      SELECT u.id AS user_id, u.operator_id, p.id AS programme_id FROM u, p`)) as unknown as {
      user_id: string;
      operator_id: string;
      programme_id: string;
    }[];
    const { user_id: userId, operator_id: operatorId, programme_id: programmeId } = ids!;
    await db()
      .execute(sql`WITH h AS (INSERT INTO households (operator_id, code, village_code, idpoor_level, idpoor_number)
        SELECT ${operatorId}::uuid, 'BENCH-' || g, '99010101',
          CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + g % 2 END, CASE WHEN g % 10 = 0 THEN NULL ELSE '99010101-' || lpad((g % 10000)::text, 4, '0') END
        FROM generate_series(1, ${N}) g RETURNING id, operator_id)
      INSERT INTO members (operator_id, household_id, surname_km, given_name_km, name_km_key, sex, birth_date, birth_year, relationship)
        SELECT h.operator_id, h.id, 'សុខ', x.given, 'សុខ' || x.given, x.sex, x.born, extract(year from x.born)::int, x.rel
        FROM h CROSS JOIN (VALUES ('ដារ៉ា', 'M', date '1980-05-17', 'head'), ('សុភា', 'F', date '2023-02-01', 'child')) x(given, sex, born, rel)`);
    await db().execute(sql`ANALYZE`);
    out(
      `bench-enrol — ${N} households seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (PostgreSQL, Node ${process.version})`,
    );
    const actor = {
      id: userId,
      sessionId: 'bench',
      operatorId,
      email: 'bench@bench.invalid',
      name: 'Bench',
      roles: ['operator_admin' as const],
      locale: null,
      mustChangePassword: false,
      operatorCode: 'BENCH',
      isPlatformAdmin: false,
    };
    const data = bulkEnrolSchema.parse({ programmeId, source: 'eligibility' });
    await timed('1. preview             ', async () => (await previewBulkEnrolment(actor, data)).counts);
    const first = await timed('2. confirm             ', () => confirmBulkEnrolment(actor, data));
    const again = await timed('3. confirm again       ', () => confirmBulkEnrolment(actor, data));
    const search = bulkEnrolSchema.parse({ programmeId, source: 'search', filters: { q: '', sex: 'F' } });
    await timed('4. preview from search ', async () => (await previewBulkEnrolment(actor, search)).counts);
    const [counts] = (await db().execute(
      sql`SELECT (SELECT count(*)::int FROM benefit_enrolments) AS enrolments,
        (SELECT count(*)::int FROM audit_log WHERE action = 'enrolment.create') AS audit,
        (SELECT count(*)::int FROM registry_outbox) AS outbox`,
    )) as unknown as { enrolments: number; audit: number; outbox: number }[];
    out(`rows: ${JSON.stringify(counts)}; the second confirmation added ${again.added} (expected 0)`);
    await dbHandle().close();
    if (first.added === 0 || again.added !== 0) process.exitCode = 1;
  } finally {
    if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.end();
    clearTimeout(deadline);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
