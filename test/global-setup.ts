import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openPglite } from '@/db/client';
import { migrateAs, runMigrations } from '@/db/migrate';
import { databaseUrl, testAppRole } from './helpers/database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL (TEST_DATABASE_URL): the migrated database each test file's database is created from. */
    templateDatabase: string | null;
    /** PGlite: a tar of a migrated data directory each test file's PGlite starts from. */
    pgliteDump: string | null;
  }
}

/**
 * Runs the migrations once per `vitest run`, not once per test file: into a template database on
 * the TEST_DATABASE_URL server (a unique name per run, dropped at the end), or into one in-memory
 * PGlite whose data directory is dumped to a temporary file. test/helpers/setup.ts makes each
 * file's database from it; on PostgreSQL the tests connect to it as the app role, which owns nothing.
 */
export default async function globalSetup(project: TestProject) {
  const started = performance.now();
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    // `<base>_<random>_template`: named after TEST_DATABASE_URL's database, unique per run.
    const base = (new URL(baseUrl).pathname.slice(1) || 'sdp')
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .replace(/^(?=\d)/, 'db_')
      .slice(0, 40);
    const name = `${base}_${randomBytes(4).toString('hex')}_template`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    // As in production with MIGRATION_DATABASE_URL: TEST_DATABASE_URL's user owns the tables and the
    // app role (created when missing; roles are the server's, shared with other runs) gets its grants,
    // which `create database … template` copies into every test file's database.
    const appRole = testAppRole();
    await migrateAs(databaseUrl(baseUrl, name), { appRole, updateRole: Boolean(appRole.password) });
    project.provide('templateDatabase', name);
    project.provide('pgliteDump', null);
    log(`migrated template database ${name}`, started);
    return async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }

  const handle = openPglite();
  await runMigrations(handle);
  if (handle.kind !== 'pglite') throw new Error('expected PGlite');
  const dump = await handle.client.dumpDataDir('none');
  await handle.close();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sdp-vitest-'));
  const file = path.join(dir, 'migrated-pgdata.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabase', null);
  project.provide('pgliteDump', file);
  log('migrated PGlite template', started);
  return () => rmSync(dir, { recursive: true, force: true });
}

function log(what: string, started: number) {
  if (process.env.SDP_TEST_TIMING)
    console.log(`[global-setup] ${what} in ${Math.round(performance.now() - started)} ms`);
}
