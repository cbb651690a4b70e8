import 'server-only';
import type postgres from 'postgres';

/*
 * PostgreSQL roles (issue 12). A table's owner can disable its triggers, and a superuser can also set
 * session_replication_role = replica, which skips them: the audit trail's append-only triggers
 * (migration 0001) only bind a role that is neither. So the app connects as a role that owns nothing
 * (DATABASE_URL's user) and the migrations run as the owner (MIGRATION_DATABASE_URL); the grants below
 * are what the app needs and are applied again after every migration run (db/migrate.ts).
 *
 * A new table gets SELECT, INSERT, UPDATE and DELETE. A table the app only adds to and reads belongs
 * in APPEND_ONLY_TABLES.
 */

/** Read and appended to, never changed (checked against lib/: nothing updates or deletes them). */
export const APPEND_ONLY_TABLES = [
  'audit_log', // also refused at the database by a trigger (migration 0001)
  'grievance_events', // a grievance's timeline
  'member_disability_history', // written by the members trigger (migration 0019)
] as const;

/**
 * Read by the app, written only through functions that run with their owner's rights: the audit
 * trail's seals (migration 0028). The app's role could otherwise forge the chain it is checked by.
 */
export const READ_ONLY_TABLES = ['audit_seals', 'audit_seal_tip'] as const;

/**
 * Tables the app ANALYZEs after a bulk import (lib/imports/run.ts). PostgreSQL 17 lets a non-owner do
 * that with MAINTAIN; before 17 a non-owner's ANALYZE is skipped with a warning and autovacuum does it.
 */
const ANALYZED_TABLES = ['households', 'members'];

const SCHEMA = 'public';

export type AppRole = { name: string; password?: string };

/** The app's role is DATABASE_URL's user (and password): the role and the app's configuration cannot disagree. */
export function appRoleFromUrl(url: string): AppRole {
  const u = new URL(url);
  const name = decodeURIComponent(u.username);
  if (!name) throw new Error('DATABASE_URL names no user: the app role is its user (postgres://sdp_app:…@host/db)');
  return { name, password: u.password ? decodeURIComponent(u.password) : undefined };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

type RoleRow = {
  rolsuper: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  rolcanlogin: boolean;
};

/**
 * Creates the app role when it is missing; with `update`, also sets its password and takes away any
 * attribute it must not have. Roles are cluster-wide and several runs (test runs, app instances) may
 * do this at the same moment: losing that race is not an error.
 */
export async function ensureAppRole(
  sql: postgres.Sql,
  role: AppRole,
  { update }: { update: boolean },
): Promise<'created' | 'updated' | 'unchanged'> {
  const password = role.password ? ` PASSWORD ${quoteLiteral(role.password)}` : '';
  for (let attempt = 1; ; attempt++) {
    try {
      const [row] = await sql<RoleRow[]>`
        select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin
        from pg_roles where rolname = ${role.name}`;
      if (!row) {
        await sql.unsafe(
          `CREATE ROLE ${quoteIdent(role.name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password}`,
        );
        return 'created';
      }
      if (!update) return 'unchanged';
      // Only what differs: naming SUPERUSER, REPLICATION or BYPASSRLS at all needs a superuser.
      const changes = [
        row.rolcanlogin ? '' : 'LOGIN',
        row.rolsuper ? 'NOSUPERUSER' : '',
        row.rolcreatedb ? 'NOCREATEDB' : '',
        row.rolcreaterole ? 'NOCREATEROLE' : '',
        row.rolreplication ? 'NOREPLICATION' : '',
        row.rolbypassrls ? 'NOBYPASSRLS' : '',
      ].filter(Boolean);
      if (changes.length === 0 && !password) return 'unchanged';
      await sql.unsafe(`ALTER ROLE ${quoteIdent(role.name)} ${changes.join(' ')}${password}`);
      return 'updated';
    } catch (e) {
      if (attempt >= 8 || !lostRace(e)) throw e;
      await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}

/** Another session created or altered the same role between our look and our change. */
function lostRace(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return (
    code === '42710' || // duplicate_object: role already exists
    code === '23505' || // unique_violation on pg_authid, when both inserted at once
    code === '40001' ||
    /tuple concurrently (updated|deleted)/.test(String(e))
  );
}

/**
 * Grants `role` what the app needs in the connected database, as the owner of its tables. Idempotent;
 * run after every migration run, so a new table never depends on the default privileges alone.
 */
export async function grantAppRole(sql: postgres.Sql, role: string): Promise<void> {
  const r = quoteIdent(role);
  const [db] = await sql<{ name: string; version: number }[]>`
    select current_database() as name, current_setting('server_version_num')::int as version`;
  const [tables] = await sql<{ names: string[] }[]>`
    select coalesce(array_agg(tablename::text), '{}') as names from pg_tables where schemaname = ${SCHEMA}`;
  const existing = new Set(tables!.names);
  const appendOnly = APPEND_ONLY_TABLES.filter((t) => existing.has(t)).map(quoteIdent);
  const readOnly = READ_ONLY_TABLES.filter((t) => existing.has(t)).map(quoteIdent);
  const analyzed = ANALYZED_TABLES.filter((t) => existing.has(t)).map(quoteIdent);
  const statements = [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(db!.name)} TO ${r}`,
    `GRANT USAGE ON SCHEMA ${SCHEMA} TO ${r}`,
    // PostgreSQL 15 no longer lets PUBLIC create in schema public; for older servers, say it here.
    `REVOKE CREATE ON SCHEMA ${SCHEMA} FROM PUBLIC, ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${SCHEMA} TO ${r}`,
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${SCHEMA} FROM ${r}`,
    appendOnly.length ? `REVOKE UPDATE, DELETE ON ${appendOnly.join(', ')} FROM ${r}` : '',
    readOnly.length ? `REVOKE INSERT, UPDATE, DELETE ON ${readOnly.join(', ')} FROM ${r}` : '',
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${SCHEMA} TO ${r}`,
    db!.version >= 170000 && analyzed.length ? `GRANT MAINTAIN ON ${analyzed.join(', ')} TO ${r}` : '',
    // Tables and sequences the connected (owner) role creates later, until the next run of this function.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${SCHEMA} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
  ].filter(Boolean);
  await sql.begin(async (tx) => {
    for (const s of statements) await tx.unsafe(s);
  });
}

export type AuditProtection =
  | 'embedded' // PGlite: one user, who owns everything
  | 'app-role' // the connected role neither owns audit_log nor is a superuser
  | 'owner'; // it owns audit_log (or is a superuser): it could disable the triggers

/** Whether the connected role could switch the audit trail's triggers off. */
export async function auditProtection(sql: postgres.Sql): Promise<Exclude<AuditProtection, 'embedded'>> {
  const [row] = await sql<{ unsafe: boolean }[]>`
    select r.rolsuper or pg_has_role(current_user, c.relowner, 'USAGE') as unsafe
    from pg_roles r, pg_class c
    where r.rolname = current_user and c.oid = 'public.audit_log'::regclass`;
  return row?.unsafe === false ? 'app-role' : 'owner';
}
