import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dbHandle, installDbHandle, openPglite, openPostgres, type DbHandle } from '@/db/client';
import { migrateAs, migrationsFolder, runMigrations } from '@/db/migrate';
import { requireRole } from '@/lib/auth/guards';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { khmerNameKey, latinNameKey } from '@/lib/text/normalise';
import { appDatabaseUrl, databaseUrl, testAppRole } from './helpers/database-url';
import { signInAs } from './helpers/fixtures';

// `npm run db:migrate` from the previous release's schema, with its data: the migrations up to 0023
// (the last before registry acknowledgements and the dashboard), records written as that release wrote
// them, then the real migrations to the latest. The records are intact, 0024's corrections were made
// (a member marked "has SPID" without one is queued again, its latest change sent again) and the app
// serves the upgraded database.

type Journal = { entries: { tag: string }[] };
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
const FIRST_NEW = journal.entries.findIndex((e) => e.tag.startsWith('0024_'));

const work = mkdtempSync(path.join(os.tmpdir(), 'sdp-upgrade-test-'));

/** A migrations folder holding the first `n` migrations: the schema as an earlier release left it. */
function previousRelease(n: number): string {
  const dir = path.join(work, `migrations-${n}`);
  mkdirSync(path.join(dir, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, n);
  writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

type Exec = (statement: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const ids = {
  operator: randomUUID(),
  admin: randomUUID(),
  officer: randomUUID(),
  household: randomUUID(),
  hasSpid: randomUUID(),
  spidMissing: randomUUID(),
  queued: randomUUID(),
};

/** Records as release 0023 wrote them, in that schema's plain SQL. */
async function seedPreviousRelease(exec: Exec) {
  await exec(`insert into operators (id, code, name_km, name_en) values ($1, 'UPG', 'មូលនិធិ', 'Fund')`, [ids.operator]);
  await exec(
    `insert into users (id, operator_id, email, name, password_hash, is_platform_admin, roles) values
      ($1, null, 'platform@example.org', 'Platform', 'x', true, '{}'),
      ($2, $3, 'officer@example.org', 'Officer', 'x', false, '{enrolment_officer}')`,
    [ids.admin, ids.officer, ids.operator],
  );
  await exec(`insert into admin_units (code, level, parent_code, name_km, name_latin, type_km, type_latin, type_en,
      name_km_key, name_latin_key) values
    ('01', 'province', null, 'បន្ទាយមានជ័យ', 'Banteay Meanchey', 'ខេត្ត', 'Khaet', 'province', 'បន្ទាយមានជ័យ', 'banteay meanchey'),
    ('0102', 'district', '01', 'មង្គលបូរី', 'Mongkol Borei', 'ស្រុក', 'Srok', 'district', 'មង្គលបូរី', 'mongkol borei'),
    ('010201', 'commune', '0102', 'បន្ទាយនាង', 'Banteay Neang', 'ឃុំ', 'Khum', 'commune', 'បន្ទាយនាង', 'banteay neang'),
    ('01020101', 'village', '010201', 'អូរធំ', 'Ou Thum', 'ភូមិ', 'Phum', 'village', 'អូរធំ', 'ou thum')`);
  await exec(
    `insert into households (id, operator_id, code, village_code, idpoor_level, created_by)
      values ($1, $2, 'UPG-000001', '01020101', 1, $3)`,
    [ids.household, ids.operator, ids.officer],
  );
  const people: [string, string, string, string, string, string | null][] = [
    [ids.hasSpid, 'សុខ', 'ដារា', 'Sok', 'Dara', '123456789'],
    [ids.spidMissing, 'ចាន់', 'សុភា', 'Chan', 'Sophea', '223456789'],
    [ids.queued, 'ហេង', 'វណ្ណា', 'Heng', 'Vanna', null],
  ];
  for (const [id, sKm, gKm, sLa, gLa, khmerId] of people)
    await exec(
      `insert into members (id, operator_id, household_id, surname_km, given_name_km, surname_latin, given_name_latin,
        name_km_key, name_latin_key, sex, birth_year, birth_date, relationship, khmer_id, version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'F', 1985, '1985-03-02', $10, $11, 2)`,
      [
        id,
        ids.operator,
        ids.household,
        sKm,
        gKm,
        sLa,
        gLa,
        khmerNameKey(sKm, gKm),
        latinNameKey(sLa, gLa),
        id === ids.hasSpid ? 'head' : 'spouse',
        khmerId,
      ],
    );
  // The registry's answers: one member with a SPID, one the old release marked "has SPID" from an
  // answer without one (0024 queues it again), one still waiting.
  await exec(
    `insert into member_registry (member_id, operator_id, spid, state) values
      ($1, $4, 'SPID-0001', 'has_spid'), ($2, $4, null, 'has_spid'), ($3, $4, null, 'queued')`,
    [ids.hasSpid, ids.spidMissing, ids.queued, ids.operator],
  );
  await exec(
    `insert into registry_outbox (operator_id, member_id, member_version, reference_id, status, attempts, x_road_id, batch_id, sent_at)
     values ($1::uuid, $2::uuid, 1, $2::text || '.v1', 'done', 1, 'xr-1', 'b-1', now()),
            ($1::uuid, $3::uuid, 1, $3::text || '.v1', 'done', 1, 'xr-2', 'b-1', now()),
            ($1::uuid, $3::uuid, 2, $3::text || '.v2', 'done', 1, 'xr-3', 'b-2', now()),
            ($1::uuid, $4::uuid, 2, $4::text || '.v2', 'pending', 0, null, null, null)`,
    [ids.operator, ids.hasSpid, ids.spidMissing, ids.queued],
  );
  await exec(
    `insert into audit_log (operator_id, actor_id, action, entity_type, entity_id, after, request_id) values
      (null, $1::uuid, 'operator.create', 'operator', $2::text, '{"code":"UPG"}', 'r-1'),
      ($2::uuid, $3::uuid, 'household.create', 'household', $4::text, '{"code":"UPG-000001"}', 'r-2'),
      ($2::uuid, $3::uuid, 'member.create', 'member', $5::text, '{"surnameKm":"សុខ"}', 'r-2')`,
    [ids.admin, ids.operator, ids.officer, ids.household, ids.hasSpid],
  );
}

const CHECKED_TABLES = [
  'operators',
  'users',
  'admin_units',
  'households',
  'members',
  'member_registry',
  'registry_outbox',
];

/** Every checked table's rows (minus columns a migration may add), and the audit trail as stored. */
async function records(exec: Exec) {
  const out: Record<string, number> = {};
  for (const t of CHECKED_TABLES) out[t] = Number((await exec(`select count(*)::int as n from ${t}`))[0]!.n);
  const audit = await exec(
    `select id, operator_id, actor_id, action, entity_type, entity_id, before, after, request_id, at from audit_log order by id`,
  );
  const people = await exec(
    `select id, surname_km, given_name_km, khmer_id, version, village_code from members order by id`,
  );
  return { counts: out, audit: JSON.stringify(audit), people: JSON.stringify(people) };
}

async function checkUpgraded(exec: Exec, before: Awaited<ReturnType<typeof records>>) {
  expect(await records(exec)).toEqual(before);
  const applied = await exec(`select count(*)::int as n from drizzle.__drizzle_migrations`);
  expect(applied[0]!.n).toBe(journal.entries.length);

  const registry = await exec(`select member_id, spid, state from member_registry`);
  const state = Object.fromEntries(registry.map((r) => [r.member_id, [r.state, r.spid]]));
  expect(state).toEqual({
    [ids.hasSpid]: ['has_spid', 'SPID-0001'],
    [ids.spidMissing]: ['queued', null],
    [ids.queued]: ['queued', null],
  });
  const outbox = await exec(
    `select reference_id, status, x_road_id, batch_id, polls, acked_at from registry_outbox order by id`,
  );
  expect(outbox).toEqual([
    { reference_id: `${ids.hasSpid}.v1`, status: 'done', x_road_id: 'xr-1', batch_id: 'b-1', polls: 0, acked_at: null },
    {
      reference_id: `${ids.spidMissing}.v1`,
      status: 'done',
      x_road_id: 'xr-2',
      batch_id: 'b-1',
      polls: 0,
      acked_at: null,
    },
    // Only the latest change is sent again, under a new X-Road call.
    {
      reference_id: `${ids.spidMissing}.v2`,
      status: 'pending',
      x_road_id: null,
      batch_id: null,
      polls: 0,
      acked_at: null,
    },
    { reference_id: `${ids.queued}.v2`, status: 'pending', x_road_id: null, batch_id: null, polls: 0, acked_at: null },
  ]);
  // 0024's constraint now holds, and 0025's tables are there.
  await expect(
    exec(`update member_registry set state = 'has_spid' where member_id = $1`, [ids.spidMissing]),
  ).rejects.toThrow();
  expect(await exec(`select count(*)::int as n from dashboard_refreshes`)).toEqual([{ n: 0 }]);
}

/** The app's own search, as the officer, on the upgraded database. */
async function searchWorks() {
  await signInAs(ids.officer);
  const actor = await requireRole('households');
  const find = async (q: string) =>
    (await searchMembers(actor, searchParamsSchema.parse({ q }), 'km')).items.map((m) => m.memberId);
  expect(await find('Sok Dara')).toEqual([ids.hasSpid]);
  expect(await find('សុភា')).toEqual([ids.spidMissing]);
  expect(await find('123456789')).toEqual([ids.hasSpid]);
}

let original: DbHandle;
beforeAll(() => {
  original = dbHandle();
});
afterEach(() => installDbHandle(original));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('the journal still has the migrations this test starts before', () => {
  expect(FIRST_NEW).toBeGreaterThan(0);
  expect(journal.entries[FIRST_NEW + 1]?.tag).toMatch(/^0025_/);
});

describe('the embedded database (PGlite)', () => {
  it('migrates from the previous release with its data', async () => {
    const handle = openPglite();
    if (handle.kind !== 'pglite') throw new Error('expected PGlite');
    try {
      await migratePglite(drizzlePglite(handle.client), { migrationsFolder: previousRelease(FIRST_NEW) });
      const exec: Exec = async (s, p) => (await handle.client.query<Record<string, unknown>>(s, p)).rows;
      await seedPreviousRelease(exec);
      const before = await records(exec);
      await runMigrations(handle);
      await checkUpgraded(exec, before);
      installDbHandle(handle);
      await searchWorks();
    } finally {
      await handle.close();
    }
    // Every migration from nothing: a guard against a hang, not a timing (80 s on a loaded shared machine).
  }, 300_000);
});

const baseUrl = process.env.TEST_DATABASE_URL;
const pgTitle = `PostgreSQL${baseUrl ? '' : ': skipped, TEST_DATABASE_URL is not set'}`;

describe.skipIf(!baseUrl)(pgTitle, () => {
  const name = `sdp_t_${randomBytes(6).toString('hex')}_upgrade`;
  afterAll(async () => {
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('migrates from the previous release with its data, as the owner, and grants the app role', async () => {
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const ownerUrl = databaseUrl(baseUrl!, name);
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    const app = openPostgres(appDatabaseUrl(baseUrl!, name), 2);
    try {
      await migratePostgres(drizzlePostgres(owner), { migrationsFolder: previousRelease(FIRST_NEW) });
      const exec: Exec = async (s, p) =>
        (await owner.unsafe(s, p as postgres.ParameterOrJSON<never>[])) as unknown as Record<string, unknown>[];
      await seedPreviousRelease(exec);
      const before = await records(exec);
      // What `npm run db:migrate` does with MIGRATION_DATABASE_URL set.
      await migrateAs(ownerUrl, { appRole: testAppRole() });
      await checkUpgraded(exec, before);
      installDbHandle(app);
      await searchWorks();
    } finally {
      await owner.end();
      await app.close();
    }
  }, 300_000);
});
