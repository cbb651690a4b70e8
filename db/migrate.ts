import 'server-only';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import path from 'node:path';
import postgres from 'postgres';
import type { DbHandle } from './client';
import {
  appRoleFromUrl,
  auditProtection,
  ensureAppRole,
  grantAppRole,
  type AppRole,
  type AuditProtection,
} from './roles';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

// Any constant shared by every instance of the app: the lock serialises concurrent start-ups.
const MIGRATION_LOCK_ID = 7_345_001;

export type MigrateOptions = {
  /**
   * PostgreSQL: run the migrations as this URL's role (the tables' owner, MIGRATION_DATABASE_URL) and
   * grant the handle's role (which owns nothing) what the app needs, creating it when missing.
   */
  migrationUrl?: string;
};

export async function runMigrations(handle: DbHandle, { migrationUrl }: MigrateOptions = {}): Promise<void> {
  if (handle.kind === 'pglite') {
    // One process owns a PGlite folder, so no lock is needed.
    await migratePglite(drizzlePglite(handle.client), { migrationsFolder });
    return;
  }
  if (migrationUrl) await migrateAs(migrationUrl, { appRole: appRoleFromUrl(handle.url) });
  else await migrateAs(handle.url);
}

/**
 * Migrates the database at `url` as that URL's role, then (with `appRole`) makes sure the app role
 * exists (`updateRole`: also its password and attributes) and has its grants.
 */
export async function migrateAs(
  url: string,
  { appRole, updateRole = false }: { appRole?: AppRole; updateRole?: boolean } = {},
): Promise<void> {
  await underMigrationLock(url, async (conn) => {
    try {
      await migratePostgres(drizzlePostgres(conn), { migrationsFolder });
    } catch (e) {
      const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
      if (code === '42501')
        throw new Error(
          'The database role may not run the migrations (it owns nothing): set MIGRATION_DATABASE_URL to the owner role (README, Database roles)',
          { cause: e },
        );
      throw e;
    }
    if (appRole) await grantTo(conn, appRole, updateRole);
  });
}

/**
 * `npm run db:roles`: creates or updates the app role (password and attributes) and grants it, as
 * `url`'s role, without migrating. Returns what was done to the role.
 */
export async function setUpAppRole(url: string, appRole: AppRole): Promise<string> {
  return underMigrationLock(url, (conn) => grantTo(conn, appRole, true));
}

/** Migration runs and grants one at a time (concurrent GRANTs on one table fail with "tuple concurrently updated"). */
async function underMigrationLock<T>(url: string, work: (conn: postgres.Sql) => Promise<T>): Promise<T> {
  // A client with a single connection, so the session-level lock covers every query.
  const conn = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    return await work(conn);
  } finally {
    // Ending the connection also releases the lock.
    await conn.end();
  }
}

async function grantTo(conn: postgres.Sql, appRole: AppRole, updateRole: boolean): Promise<string> {
  const [me] = await conn<{ name: string }[]>`select current_user as name`;
  // Migrating and serving as one role: nothing to grant (auditTrailProtection reports it).
  if (me!.name === appRole.name) return `"${appRole.name}" is the migration role itself: nothing granted`;
  let done: string;
  try {
    done = await ensureAppRole(conn, appRole, { update: updateRole });
  } catch (e) {
    throw new Error(
      `Could not create or update the app's database role "${appRole.name}" as "${me!.name}": run \`npm run db:roles\` as a role with CREATEROLE or a superuser (README, Database roles)`,
      { cause: e },
    );
  }
  await grantAppRole(conn, appRole.name);
  return `role "${appRole.name}" ${done}, granted by "${me!.name}"`;
}

/** Whether the handle's role could switch the audit trail's append-only triggers off (see db/roles.ts). */
export async function auditTrailProtection(handle: DbHandle): Promise<AuditProtection> {
  if (handle.kind === 'pglite') return 'embedded';
  return auditProtection(handle.client);
}
