import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, dbHandle, openPglite } from '@/db/client';
import { auditTrailProtection, runMigrations, setUpAppRole } from '@/db/migrate';
import { APPEND_ONLY_TABLES, auditProtection, ensureAppRole, READ_ONLY_TABLES } from '@/db/roles';
import { writeAudit } from '@/lib/audit/write';
import { databaseUrl, testAppRole } from './helpers/database-url';

// Issue 12: the audit trail's triggers bind only a role that neither owns audit_log nor is a superuser
// (an owner can DISABLE TRIGGER, a superuser can SET session_replication_role = replica). On PostgreSQL
// the app, and these tests, connect as a role that owns nothing (db/roles.ts, test/helpers/setup.ts).

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const ownerName = onPostgres ? decodeURIComponent(new URL(process.env.TEST_DATABASE_URL!).username) || 'postgres' : '';

function currentDatabase(): string {
  const h = dbHandle();
  if (h.kind !== 'postgres') throw new Error('PostgreSQL expected');
  return new URL(h.url).pathname.slice(1);
}

describe.runIf(onPostgres)('on PostgreSQL, the role the app (and this suite) connects as', () => {
  let app: postgres.Sql; // one connection, so that a SET would stay on it
  let owner: postgres.Sql;
  let auditId: string;

  beforeAll(async () => {
    const h = dbHandle();
    if (h.kind !== 'postgres') throw new Error('PostgreSQL expected');
    app = postgres(h.url, { max: 1, onnotice: () => {} });
    owner = postgres(databaseUrl(process.env.TEST_DATABASE_URL!, currentDatabase()), { max: 1, onnotice: () => {} });
    await writeAudit(db(), {
      operatorId: null,
      actorId: null,
      action: 'test.roles',
      entityType: 'test',
      entityId: 'roles',
      after: { kept: true },
    });
    const [row] = await app<{ id: string }[]>`select id::text from audit_log where action = 'test.roles'`;
    auditId = row!.id;
  });

  afterAll(async () => {
    await app?.end();
    await owner?.end();
  });

  it('is the app role: no superuser, owns nothing in the database', async () => {
    const [me] = await app<{ name: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }[]>`
      select current_user as name, rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user`;
    expect(me).toEqual({ name: testAppRole().name, rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    const [owned] = await app<{ n: number }[]>`
      select (select count(*) from pg_class where relowner = r.oid)
           + (select count(*) from pg_proc where proowner = r.oid)
           + (select count(*) from pg_namespace where nspowner = r.oid)
           + (select count(*) from pg_type where typowner = r.oid) as n
      from pg_roles r where r.rolname = current_user`;
    expect(Number(owned!.n)).toBe(0);
    expect(await auditTrailProtection(dbHandle())).toBe('app-role');
    expect(await auditProtection(owner)).toBe('owner');
  });

  const refused: [string, string, RegExp][] = [
    [
      'disable the append-only trigger',
      'alter table audit_log disable trigger audit_log_no_update_delete',
      /must be owner/,
    ],
    ['disable every trigger', 'alter table audit_log disable trigger all', /must be owner/],
    ['drop the trigger', 'drop trigger audit_log_no_update_delete on audit_log', /must be owner/],
    [
      'replace the trigger function',
      'create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$',
      /must be owner|permission denied for schema/,
    ],
    ['skip triggers as a replica', 'set session_replication_role = replica', /permission denied to set parameter/],
    ['update an audit row', `update audit_log set action = 'tampered'`, /permission denied for table audit_log/],
    ['delete an audit row', 'delete from audit_log', /permission denied for table audit_log/],
    ['truncate the audit trail', 'truncate audit_log', /permission denied for table audit_log/],
    ['take the audit trail over', 'alter table audit_log owner to current_user', /must be owner/],
    ['become the owner', `set role ${ownerName}`, /permission denied to set role/],
    ['drop a table', 'drop table members', /must be owner/],
    ['alter a table', 'alter table households add column sneaky int', /must be owner/],
    ['create a table', 'create table sneaky (id int)', /permission denied for schema public/],
    ['create a schema', 'create schema sneaky', /permission denied for database/],
    [
      'rewrite a grievance timeline',
      `update grievance_events set body = 'x'`,
      /permission denied for table grievance_events/,
    ],
    [
      'delete disability history',
      'delete from member_disability_history',
      /permission denied for table member_disability/,
    ],
  ];

  it.each(refused)('cannot %s', async (_what, statement, error) => {
    await expect(app.unsafe(statement)).rejects.toThrow(error);
  });

  it('leaves the audit row and the triggers as they were after all of that', async () => {
    for (const [, statement] of refused) await app.unsafe(statement).catch(() => undefined);
    const [row] = await app<{ action: string }[]>`select action from audit_log where id = ${auditId}`;
    expect(row?.action).toBe('test.roles');
    const triggers = await owner<{ tgname: string; tgenabled: string }[]>`
      select tgname, tgenabled from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal order by tgname`;
    expect(triggers).toEqual([
      { tgname: 'audit_log_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_log_no_update_delete', tgenabled: 'O' },
    ]);
  });

  it("the owner could (the issue's attack), which is why the app must not be the owner", async () => {
    await expect(
      owner.begin(async (tx) => {
        await tx`alter table audit_log disable trigger audit_log_no_update_delete`;
        const changed = await tx`update audit_log set action = 'tampered' where id = ${auditId}`;
        expect(changed.count).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const [row] = await app<{ action: string }[]>`select action from audit_log where id = ${auditId}`;
    expect(row?.action).toBe('test.roles');
  });

  it('may read the seals, read and append to the append-only tables and change the others, nothing more', async () => {
    const rows = await app<{ table: string; s: boolean; i: boolean; u: boolean; d: boolean; t: boolean }[]>`
      select tablename as table,
        has_table_privilege(current_user, format('public.%I', tablename), 'SELECT') as s,
        has_table_privilege(current_user, format('public.%I', tablename), 'INSERT') as i,
        has_table_privilege(current_user, format('public.%I', tablename), 'UPDATE') as u,
        has_table_privilege(current_user, format('public.%I', tablename), 'DELETE') as d,
        has_table_privilege(current_user, format('public.%I', tablename), 'TRUNCATE') as t
      from pg_tables where schemaname = 'public' order by tablename`;
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      const appendOnly = (APPEND_ONLY_TABLES as readonly string[]).includes(r.table);
      const readOnly = (READ_ONLY_TABLES as readonly string[]).includes(r.table);
      const changes = !appendOnly && !readOnly;
      expect(r, r.table).toEqual({ table: r.table, s: true, i: !readOnly, u: changes, d: changes, t: false });
    }
  });

  it('gets the grants for a table added by a later migration, and keeps them when migrations run again', async () => {
    // A later migration, as the owner: the default privileges grant it at once…
    await owner`create table later_table (id int primary key)`;
    await app`insert into later_table values (1)`;
    await app`update later_table set id = 2`;
    // …and a migration run (migrations and grants as the owner) grants again, idempotently.
    const h = dbHandle();
    const ownerUrl = databaseUrl(process.env.TEST_DATABASE_URL!, currentDatabase());
    await runMigrations(h, { migrationUrl: ownerUrl });
    await runMigrations(h, { migrationUrl: ownerUrl });
    await app`delete from later_table`;
    await expect(app`update audit_log set action = 'x'`).rejects.toThrow(/permission denied/);
    await expect(app`alter table later_table add column x int`).rejects.toThrow(/must be owner/);
  });

  it('without the migration URL, cannot run the migrations and says what to set', async () => {
    await expect(runMigrations(dbHandle())).rejects.toThrow(/MIGRATION_DATABASE_URL/);
  });
});

describe.runIf(onPostgres)('creating the app role (npm run db:roles, and the migrations when it is missing)', () => {
  const name = `sdp_role_test_${randomBytes(4).toString('hex')}`;
  let admin: postgres.Sql;

  beforeAll(() => {
    admin = postgres(databaseUrl(process.env.TEST_DATABASE_URL!, currentDatabase()), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    // Its privileges first (in this database, the only one it has any in), then the role.
    await admin.unsafe(`drop owned by ${name}`).catch(() => undefined);
    await admin.unsafe(`drop role if exists ${name}`);
    await admin.end();
  });

  it('works when several runs create it at the same moment, and again when run twice', async () => {
    // Roles belong to the server: concurrent test runs and app instances race to create the same one.
    const conns = [0, 1, 2, 3].map(() =>
      postgres(databaseUrl(process.env.TEST_DATABASE_URL!, currentDatabase()), { max: 1, onnotice: () => {} }),
    );
    try {
      const done = await Promise.all(conns.map((c) => ensureAppRole(c, { name, password: 'pw-1' }, { update: true })));
      expect(done.filter((d) => d === 'created')).toHaveLength(1);
      const url = databaseUrl(process.env.TEST_DATABASE_URL!, currentDatabase());
      expect(await setUpAppRole(url, { name, password: 'pw-2' })).toMatch(/updated/);
      expect(await setUpAppRole(url, { name })).toMatch(/unchanged/);
    } finally {
      await Promise.all(conns.map((c) => c.end()));
    }
    const [role] = await admin`
      select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication
      from pg_roles where rolname = ${name}`;
    expect(role).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolbypassrls: false,
      rolreplication: false,
    });
    const [granted] = await admin`
      select has_table_privilege(${name}, 'audit_log', 'INSERT') as insert,
             has_table_privilege(${name}, 'audit_log', 'UPDATE') as update`;
    expect(granted).toEqual({ insert: true, update: false });
  });

  it('takes away what an existing role must not have', async () => {
    await admin.unsafe(`alter role ${name} createdb createrole nologin`);
    expect(await setUpAppRole(databaseUrl(process.env.TEST_DATABASE_URL!, currentDatabase()), { name })).toMatch(
      /updated/,
    );
    const [role] = await admin`select rolcanlogin, rolcreatedb, rolcreaterole from pg_roles where rolname = ${name}`;
    expect(role).toEqual({ rolcanlogin: true, rolcreatedb: false, rolcreaterole: false });
  });
});

// Runs on both: its own in-memory PGlite, since the suite's database may be PostgreSQL.
describe('the embedded database (PGlite, the default without DATABASE_URL)', () => {
  it('is single-user by nature: the app is its one role, a superuser owning the tables, so separate roles need PostgreSQL', async () => {
    const suite = dbHandle();
    const embedded = suite.kind === 'pglite' ? suite : openPglite();
    try {
      expect(await auditTrailProtection(embedded)).toBe('embedded');
      const result = await embedded.db.execute(sql`
        select rolsuper, (select count(*)::int from pg_roles where rolcanlogin) as logins
        from pg_roles where rolname = current_user`);
      const [me] = (result as unknown as { rows: { rolsuper: boolean; logins: number }[] }).rows;
      expect(me).toEqual({ rolsuper: true, logins: 1 });
    } finally {
      if (embedded !== suite) await embedded.close();
    }
  });
});
