import { dbHandle, openPostgres, type Db, type DbHandle } from '@/db/client';
import { databaseUrl } from './database-url';

// Kept on globalThis like the app's handle: setup.ts and the test file may hold different instances of this module.
type Global = typeof globalThis & { __sdpOwnerDb?: { name: string; handle: DbHandle } };

/**
 * The test file's database as its owner (TEST_DATABASE_URL's user), for what the app's role may not
 * do: a test's own table or trigger, ANALYZE (a non-owner's is skipped before PostgreSQL 17). The app
 * code under test still runs as the app role (db()). On PGlite the one user owns everything: db() itself.
 */
export function ownerDb(): Db {
  const h = dbHandle();
  if (h.kind === 'pglite') return h.db;
  const name = new URL(h.url).pathname.slice(1);
  const g = globalThis as Global;
  if (g.__sdpOwnerDb?.name !== name) {
    void g.__sdpOwnerDb?.handle.close();
    g.__sdpOwnerDb = { name, handle: openPostgres(databaseUrl(process.env.TEST_DATABASE_URL!, name), 1) };
  }
  return g.__sdpOwnerDb.handle.db;
}

export async function closeOwnerDb(): Promise<void> {
  const g = globalThis as Global;
  const owner = g.__sdpOwnerDb;
  g.__sdpOwnerDb = undefined;
  await owner?.handle.close();
}
