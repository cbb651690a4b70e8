import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, inject, vi } from 'vitest';
import { installDbHandle, openPglite, openPostgres, type Db, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import * as schema from '@/db/schema';
import { appDatabaseUrl, databaseUrl as urlFor } from './database-url';
import { closeOwnerDb } from './owner';
import { cookieStore, requestHeaders } from './request';

vi.mock('next/headers', () => ({
  cookies: async () => cookieStore,
  headers: async () => requestHeaders,
}));

// next-auth require()s next/headers at call time, out of vi.mock's reach: point that at the same request.
const shim = path.join(import.meta.dirname, 'next-headers-shim.cjs');
const Module = createRequire(import.meta.url)('node:module') as {
  _resolveFilename: (req: string, ...rest: unknown[]) => string;
};
// Once per worker: with isolate: false this file runs again for every test file in the same process.
const patched = globalThis as typeof globalThis & { __sdpNextHeadersShim?: boolean };
if (!patched.__sdpNextHeadersShim) {
  patched.__sdpNextHeadersShim = true;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = (request: string, ...rest: unknown[]) =>
    request === 'next/headers' ? shim : resolve.call(Module, request, ...rest);
}

// Each test file gets its own database, made from one migrated by test/global-setup.ts: a PostgreSQL
// database created from the run's template when TEST_DATABASE_URL is set (CI), else an in-memory
// PGlite started from the migrated data directory. On PostgreSQL the app code connects as the app
// role (test/helpers/database-url.ts testAppRole), which owns nothing, as in production; a test that
// needs the owner (its own trigger or table) says so with ownerDb() (test/helpers/owner.ts).
const baseUrl = process.env.TEST_DATABASE_URL;
let handle: DbHandle;
let dbName: string | undefined;

/** Database `name` as TEST_DATABASE_URL's user, the owner. */
export function databaseUrl(name: string): string {
  return urlFor(baseUrl!, name);
}

async function createFromTemplate(admin: postgres.Sql, name: string, template: string) {
  // CREATE DATABASE … TEMPLATE refuses while another session is connected to the template; only the
  // global setup ever connects to it, but a server shared with other runs may be slow to let go.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${template}`);
      return;
    } catch (e) {
      if (attempt >= 10 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

beforeAll(async () => {
  if (baseUrl) {
    dbName = `sdp_t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    const template = inject('templateDatabase');
    try {
      if (template) await createFromTemplate(admin, dbName, template);
      else await admin.unsafe(`create database ${dbName}`);
    } finally {
      await admin.end();
    }
    handle = openPostgres(appDatabaseUrl(baseUrl, dbName), 5);
    if (!template) await runMigrations(handle, { migrationUrl: databaseUrl(dbName) });
  } else {
    const dump = inject('pgliteDump');
    if (dump) {
      const client = new PGlite({ loadDataDir: new Blob([readFileSync(dump)]), extensions: { pg_trgm } });
      handle = {
        kind: 'pglite',
        db: drizzlePglite(client, { schema }) as unknown as Db,
        client,
        close: () => client.close(),
      };
    } else {
      handle = openPglite();
      await runMigrations(handle);
    }
  }
  installDbHandle(handle);
});

afterAll(async () => {
  await closeOwnerDb();
  await handle?.close();
  if (baseUrl && dbName) {
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});
