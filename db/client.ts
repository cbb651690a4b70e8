import 'server-only';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { dataDir, env } from '@/lib/env';
import { withPreparedStatements } from './prepared';
import * as schema from './schema';

/** One type for both drivers: queries are written once against it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DbHandle =
  | { kind: 'pglite'; db: Db; client: PGlite; close(): Promise<void> }
  | { kind: 'postgres'; db: Db; client: postgres.Sql; url: string; close(): Promise<void> };

export function openPostgres(url: string, max = env.DATABASE_POOL_SIZE): DbHandle {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // Statements are kept prepared (db/prepared.ts); planned for their values every time all the same:
    // a generic plan, chosen by PostgreSQL after five runs, made the registry worker's claims 6× slower.
    // (Planning costs PostgreSQL about 1 ms for a join of members: a statement whose plan fits any values
    // may keep it, with plan_cache_mode=auto set in its transaction, as the search's page rows do.)
    connection: { plan_cache_mode: 'force_custom_plan' },
  });
  return {
    kind: 'postgres',
    db: drizzlePostgres(withPreparedStatements(client), { schema }) as unknown as Db,
    client,
    url,
    close: () => client.end(),
  };
}

/** `dir` undefined means in memory (tests). */
export function openPglite(dir?: string): DbHandle {
  if (dir) mkdirSync(dir, { recursive: true });
  // pg_trgm ships with PGlite; it backs name search and village type-ahead.
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm } });
  return {
    kind: 'pglite',
    db: drizzlePglite(client, { schema }) as unknown as Db,
    client,
    close: () => client.close(),
  };
}

type Global = typeof globalThis & { __sdpDb?: DbHandle };

/**
 * The process-wide handle, kept on globalThis because Next may load this module twice in one
 * server — two PGlite instances on one folder would silently lose writes.
 */
export function dbHandle(): DbHandle {
  const g = globalThis as Global;
  g.__sdpDb ??= env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(path.join(dataDir, 'pglite'));
  return g.__sdpDb;
}

export function db(): Db {
  return dbHandle().db;
}

/** Tests install their own database (one per test file). */
export function installDbHandle(handle: DbHandle): void {
  (globalThis as Global).__sdpDb = handle;
}
