// The benchmark's database and what it needs beyond the generated members: staff accounts (made by
// lib/users' own createUserRow, so they sign in for real), a register enrolled in a programme for the
// payment list, and the inputs of each item. Loaded after lib/env.ts has its DATABASE_URL (main.ts).
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { installDbHandle, openPostgres, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { createUserRow } from '@/lib/users/create';
import { ensureDatabase, seed, seedState } from '../bench-search/database';
import { seedPaymentBench } from '../bench-payments-generation';
import { seedOperator, seedVillages } from '../bench-search/seed';

export const PASSWORD = 'bench-kampot-pepper-2026';
/** The operator whose generated members are searched and read. */
export const READ_OPERATOR = 'BNCH';
/** The operator that is written to: enrolments, the payment list's register, imports. */
export const WRITE_OPERATOR = 'BPAY';
export const READER = 'bench-reader@bench.invalid';
export const WRITER = 'bench-writer@bench.invalid';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Quick: a fresh database of about 10,000 members every time. Full: the 1M-member database of
 * bench:search, generated once and reused (the same generator; rebuilt when its version changes).
 */
export async function prepareDatabase(url: string, quick: boolean): Promise<DbHandle> {
  await ensureDatabase(url, quick);
  const handle = openPostgres(url, 4);
  if (handle.kind !== 'postgres') throw new Error('unreachable');
  await runMigrations(handle);
  installDbHandle(handle);
  const state = await seedState(handle.client);
  if (quick) {
    await handle.client.begin(async (tx) => {
      const villages = await seedVillages(tx);
      await seedOperator(tx, { code: READ_OPERATOR, households: 2_500, prefix: 'a' }, villages);
      await seedOperator(tx, { code: 'OTHR', households: 100, prefix: 'b' }, villages);
    });
    await handle.client`vacuum (analyze) admin_units, households, members`;
  } else if (state !== 'ready') {
    if (state === 'stale') {
      await handle.close();
      await ensureDatabase(url, true);
      return prepareDatabase(url, quick);
    }
    out('generating the 1M-member database (once; several minutes)…');
    await seed(handle.client);
  } else out('reusing the generated 1M-member database');
  const [{ n } = { n: 0 }] = await handle.client<{ n: number }[]>`
    select count(*)::int as n from members m join operators o on o.id = m.operator_id where o.code = ${READ_OPERATOR}`;
  out(`${n.toLocaleString('en')} members in ${READ_OPERATOR}`);
  return handle;
}

export interface Fixture {
  readOperatorId: string;
  writeOperatorId: string;
  programmeId: string;
  households: string[];
  members: string[];
  importVillages: string[];
}

async function ensureUser(handle: DbHandle, operatorId: string, email: string, roles: string[]): Promise<void> {
  const [exists] = await (handle.client as postgres.Sql)`select 1 from users where email = ${email}`;
  if (exists) return;
  await handle.db.transaction((tx) =>
    createUserRow(tx, null, {
      operatorId,
      email,
      name: 'Benchmark',
      password: PASSWORD,
      roles: roles as never,
      mustChangePassword: false,
    }),
  );
}

/** The write operator's register (households enrolled in one programme), made once per database. */
export async function prepareFixture(handle: DbHandle, quick: boolean): Promise<Fixture> {
  const client = handle.client as postgres.Sql;
  const [read] = await client<{ id: string }[]>`select id from operators where code = ${READ_OPERATOR}`;
  let [write] = await client<{ id: string }[]>`select id from operators where code = ${WRITE_OPERATOR}`;
  if (!write) {
    const size = quick ? 1_000 : 100_000;
    const started = performance.now();
    const seeded = await seedPaymentBench(handle.db, size);
    await handle.db.execute(sql`update operators set code = ${WRITE_OPERATOR} where id = ${seeded.operatorId}`);
    out(
      `payment register: ${size.toLocaleString('en')} enrolled households (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    write = { id: seeded.operatorId };
  }
  if (!quick) {
    // The previous run's writes (enrolments, an import, the register above) left pages that are not yet
    // all-visible: the search's index-only scans then visit the heap and slow down many times over.
    out('vacuum (analyze) of members and households…');
    await client`vacuum (analyze) members, households`;
  }
  await ensureUser(handle, read!.id, READER, ['viewer']);
  await ensureUser(handle, write.id, WRITER, ['enrolment_officer', 'payment_officer']);
  const [programme] = await client<{ id: string }[]>`select id from programmes where operator_id = ${write.id}`;
  const villages = await client<{ code: string }[]>`
    select code from admin_units where level = 'village' and code not like '98%' order by code limit 40`;
  // The generator's ids are md5 hashes, and only those that happen to be RFC 4122 UUIDs (one in eight)
  // pass the pages' id check; the others would all be 404s.
  const rfc = '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
  const households = await client<{ id: string }[]>`
    select id from households where operator_id = ${read!.id} and (hashtext(id::text) & 127) = 3
      and id::text ~ ${rfc} limit 300`;
  const members = await client<{ id: string }[]>`
    select id from members where operator_id = ${read!.id} and (hashtext(id::text) & 511) = 5
      and id::text ~ ${rfc} limit 300`;
  return {
    readOperatorId: read!.id,
    writeOperatorId: write.id,
    programmeId: programme!.id,
    households: households.map((h) => h.id),
    members: members.map((m) => m.id),
    importVillages: villages.map((v) => v.code),
  };
}

/** A monthly period no list of the programme has yet (each run generates a new list). */
export async function freePeriod(handle: DbHandle, programmeId: string): Promise<string> {
  const used = new Set(
    (
      await (handle.client as postgres.Sql)<{ period: string }[]>`
        select period from payment_lists where programme_id = ${programmeId}`
    ).map((r) => r.period),
  );
  for (let m = 0; ; m++) {
    const period = `${2026 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}`;
    if (!used.has(period)) return period;
  }
}
