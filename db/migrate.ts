import 'server-only';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import path from 'node:path';
import postgres from 'postgres';
import type { DbHandle } from './client';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

// Any constant shared by every instance of the app: the lock serialises concurrent start-ups.
const MIGRATION_LOCK_ID = 7_345_001;

export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    // One process owns a PGlite folder, so no lock is needed.
    await migratePglite(drizzlePglite(handle.client), { migrationsFolder });
    return;
  }
  // A client with a single connection, so the session-level lock covers every migration query.
  const conn = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(conn), { migrationsFolder });
  } finally {
    // Ending the connection also releases the lock.
    await conn.end();
  }
}
