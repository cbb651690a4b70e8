/**
 * Generation part of the payments benchmark (issue 10: 100,000 active enrolments → a list in < 5 s on
 * PostgreSQL). `seedPaymentBench` and `timeGeneration` are for scripts/bench-payments.ts (the file
 * export and reconciliation helper's, which needs the same list); run on its own:
 *   npx tsx --conditions=react-server scripts/bench-payments-generation.ts
 * Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a database
 * sdp_bench_payments_gen is created and dropped. BENCH_ROWS changes the number of households.
 */
import { sql } from 'drizzle-orm';
import { pathToFileURL } from 'node:url';
import type { Db } from '@/db/client';
import type { PaymentActor } from '@/lib/payments/generate';

/** A COVID-era rule set (household base by setting, members ≤ 5 / ≥ 60 / disabled by IDPoor level, a cap). */
export const BENCH_RULES = {
  currency: 'KHR',
  eligibility: { idpoorLevels: [1, 2] },
  household: [
    { when: { setting: 'urban' }, amount: 120_000 },
    { when: { setting: 'rural' }, amount: 80_000 },
  ],
  members: [1, 2].flatMap((level) =>
    (['urban', 'rural'] as const).map((setting) => ({
      when: {
        idpoorLevels: [level],
        setting,
        anyOf: [{ maxAge: 5 }, { minAge: 60 }, { disability: 'aLot' }],
      },
      amount: level === 1 ? (setting === 'urban' ? 52_000 : 40_000) : setting === 'urban' ? 40_000 : 30_000,
    })),
  ),
  cap: 280_000,
};

/**
 * Seeds, set-based, an operator with `n` IDPoor households of 4 members (a head, a spouse, a child
 * ≤ 5 in every other household, an elder in every third), each enrolled in one active programme
 * with payment details, and the users of the benchmark. Answers the officer (maker) and approver.
 */
export async function seedPaymentBench(db: Db, n: number) {
  await db.execute(sql`insert into admin_units (code, level, parent_code, name_km, name_latin, type_km, type_latin, type_en, name_km_key, name_latin_key)
    values ('98', 'province', null, 'ខេត្ត', 'Bench', 'ខេត្ត', 'Khaet', 'province', 'ខេត្ត', 'bench'),
           ('9801', 'district', '98', 'ស្រុក', 'Bench', 'ស្រុក', 'Srok', 'district', 'ស្រុក', 'bench'),
           ('980101', 'commune', '9801', 'ឃុំ', 'Bench', 'ឃុំ', 'Khum', 'commune', 'ឃុំ', 'bench'),
           ('98010101', 'village', '980101', 'ភូមិ', 'Bench', 'ភូមិ', 'Phum', 'village', 'ភូមិ', 'bench')
    on conflict do nothing`);
  const code = `B${Date.now().toString(36).toUpperCase().slice(-6)}`;
  const rows = (r: unknown) => (Array.isArray(r) ? r : ((r as { rows: unknown[] }).rows ?? [])) as never[];
  const [op] = rows(
    await db.execute(
      sql`insert into operators (code, name_km, name_en) values (${code}, 'ប្រតិបត្តិករ', 'Bench') returning id`,
    ),
  ) as { id: string }[];
  const user = async (role: string) =>
    (
      rows(
        await db.execute(sql`insert into users (operator_id, email, name, password_hash, roles)
          values (${op!.id}, ${`${code}-${role}@bench.invalid`}, 'Bench', 'x', ${`{${role}}`}) returning id`),
      ) as { id: string }[]
    )[0]!.id;
  const officer: PaymentActor = { id: await user('payment_officer'), operatorId: op!.id, operatorCode: code };
  const approver: PaymentActor = { id: await user('payment_approver'), operatorId: op!.id, operatorCode: code };
  const [programme] = rows(
    await db.execute(sql`insert into programmes (operator_id, code, name_km, name_en, benefit_type, currency, frequency,
        start_date, status, rules)
      values (${op!.id}, 'COVID', 'ឧបត្ថម្ភ', 'Cash transfer', 'cash', 'KHR', 'monthly', '2026-01-01', 'active',
        ${JSON.stringify(BENCH_RULES)}::jsonb) returning id`),
  ) as { id: string }[];
  await db.execute(sql`with h as (insert into households (operator_id, code, village_code, idpoor_level)
      select ${op!.id}::uuid, ${code} || '-' || lpad(g::text, 6, '0'), '98010101', 1 + g % 2
      from generate_series(1, ${n}) g returning id, code),
    hn as (select id, substr(code, length(code) - 5)::int as g from h),
    m as (insert into members (operator_id, household_id, surname_km, given_name_km, name_km_key, sex, birth_date,
        birth_year, relationship, khmer_id)
      select ${op!.id}::uuid, hn.id, 'សុខ', 'ដារា' || k, 'សុខដារា' || k, case when k % 2 = 0 then 'F' else 'M' end,
        case k when 1 then date '1980-01-01' + hn.g % 3000 when 2 then date '1983-01-01' + hn.g % 3000
          when 3 then case when hn.g % 2 = 0 then date '2023-01-01' else date '2012-01-01' end
          else case when hn.g % 3 = 0 then date '1950-01-01' else date '2000-01-01' end end,
        0, case k when 1 then 'head' when 2 then 'spouse' when 3 then 'child' else 'parent' end,
        case when k = 1 then lpad((100000000 + hn.g)::text, 9, '0') end
      from hn, generate_series(1, 4) k returning 1)
    insert into benefit_enrolments (operator_id, programme_id, household_id, enrolled_on, channel, phone, account)
      select ${op!.id}::uuid, ${programme!.id}::uuid, hn.id, '2026-01-01', 'wing',
        '+8551' || lpad(hn.g::text, 7, '0'), lpad(hn.g::text, 9, '0')
      from hn`);
  await db.execute(sql`update members set birth_year = extract(year from birth_date)::int
    where operator_id = ${op!.id}::uuid and birth_year = 0`);
  await db.execute(sql`analyze`);
  return { officer, approver, programmeId: programme!.id, operatorId: op!.id };
}

/** Generates the list of `period` and answers the time it took (seconds) and the generation result. */
export async function timeGeneration(actor: PaymentActor, programmeId: string, period = '2026-06') {
  const { generatePaymentList } = await import('@/lib/payments/generate');
  const started = performance.now();
  const result = await generatePaymentList(actor, { programmeId, period });
  return { seconds: (performance.now() - started) / 1000, result };
}

async function main() {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const n = Number(process.env.BENCH_ROWS ?? 100_000);
  const name = 'sdp_bench_payments_gen';
  const url = new URL(base);
  url.pathname = `/${name}`;
  Object.assign(process.env, { DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '4' });
  const postgres = (await import('postgres')).default;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const { openPostgres, installDbHandle } = await import('@/db/client');
  const { runMigrations } = await import('@/db/migrate');
  const handle = openPostgres(url.toString(), 4);
  try {
    await runMigrations(handle);
    installDbHandle(handle);
    const t0 = performance.now();
    const seeded = await seedPaymentBench(handle.db, n);
    process.stdout.write(
      `seeded ${n} households, ${4 * n} members, ${n} enrolments in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const first = await timeGeneration(seeded.officer, seeded.programmeId, '2026-06');
    process.stdout.write(`generate 2026-06: ${first.seconds.toFixed(2)} s, ${JSON.stringify(first.result)}\n`);
    const second = await timeGeneration(seeded.officer, seeded.programmeId, '2026-07');
    process.stdout.write(`generate 2026-07: ${second.seconds.toFixed(2)} s, ${second.result.lines} lines\n`);
  } finally {
    await handle.close();
    if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists ${name}`);
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
