import 'server-only';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import path from 'node:path';
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
  const conn = await handle.client.reserve();
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migratePostgres(drizzlePostgres(conn), { migrationsFolder });
    } finally {
      await conn`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    conn.release();
  }
}
