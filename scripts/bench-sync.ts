// `npm run bench:sync [-- N [USERS]]`: members synced per second against the local CamDX peer, in process,
// with an in-memory database (or DATABASE_URL). Seeds N members (default 5,000) queued in the outbox, their
// changes made by USERS staff users in turn (default 1; a message carries one user, so they are batched apart).
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { startPeer } from '@/camdx-peer/server';
import { installDbHandle, openPglite, openPostgres } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { createCamdx } from '@/lib/camdx';
import { env } from '@/lib/env';
import { query } from '@/db/rows';
import { RegistryWorker } from '@/lib/registry/worker';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function seed(n: number, userCount: number) {
  const handle = env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite();
  await runMigrations(handle);
  installDbHandle(handle);
  const db = handle.db;
  await db.execute(sql`INSERT INTO admin_units (code, level, parent_code, name_km, name_latin, type_km, type_latin, type_en, name_km_key, name_latin_key)
    VALUES ('99', 'province', NULL, 'ខេត្ត', 'Bench', 'ខេត្ត', 'Khaet', 'province', 'ខេត្ត', 'bench'),
           ('9901', 'district', '99', 'ស្រុក', 'Bench', 'ស្រុក', 'Srok', 'district', 'ស្រុក', 'bench'),
           ('990101', 'commune', '9901', 'ឃុំ', 'Bench', 'ឃុំ', 'Khum', 'commune', 'ឃុំ', 'bench'),
           ('99010101', 'village', '990101', 'ភូមិ', 'Bench', 'ភូមិ', 'Phum', 'village', 'ភូមិ', 'bench')
    ON CONFLICT DO NOTHING`);
  const code = `B${Date.now().toString(36).toUpperCase()}`;
  await db.execute(sql`WITH op AS (INSERT INTO operators (code, name_km, name_en) VALUES (${code}, 'ប្រតិបត្តិករ', 'Bench operator') RETURNING id),
    h AS (INSERT INTO households (operator_id, code, village_code) SELECT id, ${`${code}-1`}, '99010101' FROM op RETURNING id, operator_id),
    m AS (INSERT INTO members (operator_id, household_id, surname_km, given_name_km, name_km_key, sex, birth_date, birth_year, relationship)
      SELECT h.operator_id, h.id, 'សុខ', 'ដារា' || g, 'សុខដារា' || g, CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
        date '1950-01-01' + (g % 18000), 1950 + (g % 18000) / 366, 'other_relative'
      FROM h, generate_series(1, ${n}) g RETURNING id, operator_id, version),
    u AS (INSERT INTO users (operator_id, email, name, password_hash, roles)
      SELECT op.id, ${code} || '-' || g || '@bench.invalid', 'Bench', 'x', '{enrolment_officer}' FROM op, generate_series(1, ${userCount}) g
      RETURNING id),
    us AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM u),
    o AS (INSERT INTO registry_outbox (operator_id, member_id, member_version, reference_id, caused_by)
      SELECT m.operator_id, m.id, m.version, m.id || '.v' || m.version, us.id
      FROM (SELECT *, row_number() OVER () AS r FROM m) m JOIN us ON us.k = m.r % ${userCount}
      RETURNING member_id, operator_id)
    INSERT INTO member_registry (member_id, operator_id, state) SELECT member_id, operator_id, 'queued' FROM o`);
  return handle;
}

async function main() {
  const n = Number(process.argv[2] ?? 5_000);
  const users = Number(process.argv[3] ?? 1);
  const handle = await seed(n, users);
  const peer = await startPeer({ log: () => {} });
  const camdx = createCamdx({
    securityServerUrl: peer.url,
    client: { instance: 'CAMBODIA', memberClass: 'COM', memberCode: 'SDP-DEV', subsystemCode: 'SDP' },
    sprService: {
      instance: 'CAMBODIA',
      memberClass: 'GOV',
      memberCode: 'SPR-DEV',
      subsystemCode: 'SPR',
      serviceCode: 'registry',
    },
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 30_000,
    maxAttempts: 1,
    retryBaseMs: 10,
    strictIdentifiers: true,
    logger: pino({ level: 'silent' }),
  });
  for (const batchSize of [100, 500]) {
    // Every round starts from the same queue and an empty registry.
    await handle.db.execute(
      sql`UPDATE registry_outbox SET status = 'pending', attempts = 0, x_road_id = NULL, batch_id = NULL, next_attempt_at = now()`,
    );
    await handle.db.execute(sql`UPDATE member_registry SET state = 'queued', spid = NULL`);
    peer.reset();
    const worker = new RegistryWorker(camdx, {
      batchSize,
      leaseMs: 60_000,
      userId: 'bench',
      maxAttempts: 5,
      baseDelayMs: 10,
      maxDelayMs: 100,
      logger: pino({ level: 'silent' }),
    });
    const started = performance.now();
    const cpu = process.cpuUsage();
    await worker.drain();
    const seconds = (performance.now() - started) / 1000;
    // CPU time of this process (worker, peer and, with PGlite, the database): less sensitive to other load.
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const [done] = await query<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM member_registry WHERE state = 'has_spid'`,
    );
    out(
      `${handle.kind}: ${n} members by ${users} user(s), batches of ${batchSize}: ${seconds.toFixed(2)} s, ${Math.round(n / seconds)} members/s (has_spid: ${done?.n ?? '?'}); CPU ${cpuSeconds.toFixed(2)} s, ${Math.round(n / cpuSeconds)} members per CPU-second`,
    );
  }
  camdx.close();
  await peer.close();
  await handle.close();
}

void main();
