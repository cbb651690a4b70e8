import 'server-only';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync } from 'node:fs';
import { setUpAppRole } from '@/db/migrate';
import type { AppRole } from '@/db/roles';
import { phnomPenhStamp, pgliteInUse, runTool } from './backup';
import { findPgTool, libpqConnection, serverInfo } from './pg-tools';

export type BackupKind = 'postgres' | 'pglite';

/** A backup's kind from its first bytes: pg_dump's custom format starts "PGDMP"; PGlite's dump is a (gzipped) tar. */
export function backupKind(file: string): BackupKind {
  const head = Buffer.alloc(262);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  if (n >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite';
  throw new Error(`${file} is neither a pg_dump custom-format backup nor an embedded-database backup`);
}

export type PostgresRestore = { database: string; asUser: string; tool: string; grants: string | null };

/**
 * Restores a `pg_dump -Fc` backup into the database at `url`, connected as the role that is to own the
 * tables (MIGRATION_DATABASE_URL): objects are made by that role (--no-owner) and the privileges of the
 * backed-up server are not copied (--no-acl) — the app role's are granted again after (db/roles.ts), so
 * a backup moves between servers whose roles differ. One transaction: a failure leaves the database as
 * it was. Into an empty database only, unless `force`: then what the backup holds is dropped and
 * replaced (--clean), and anything else in the database is left as it is.
 */
export async function restorePostgres(opts: {
  file: string;
  url: string;
  appRole?: AppRole;
  force?: boolean;
  pgBin?: string;
}): Promise<PostgresRestore> {
  if (backupKind(opts.file) !== 'postgres')
    throw new Error(`${opts.file} is a backup of the embedded database: restore it without DATABASE_URL set`);
  const info = await serverInfo(opts.url);
  if (info.relations > 0 && !opts.force)
    throw new Error(
      `Database "${info.database}" is not empty (${info.relations} tables, views or sequences). Restore into an ` +
        `empty database (e.g. createdb -O <owner> ${info.database}_restored, then point the URL at it), or run ` +
        'again with --force to drop and replace what the backup holds (stop the app first).',
    );
  const tool = await findPgTool('pg_restore', info.major, opts.pgBin);
  const { dbname, env } = libpqConnection(opts.url);
  // --no-comments: pg_dump writes COMMENT ON EXTENSION pg_trgm, which only the extension's owner may run
  // (a superuser, when it was made before the restore); the schema itself has no comments.
  const args = ['--no-owner', '--no-acl', '--no-comments', '--exit-on-error', '--single-transaction'];
  if (opts.force) args.push('--clean', '--if-exists');
  await runTool(tool.path, [...args, '--dbname', dbname, opts.file], env);
  await analyze(opts.url);
  const grants = opts.appRole && opts.appRole.name !== info.user ? await setUpAppRole(opts.url, opts.appRole) : null;
  return { database: info.database, asUser: info.user, tool: `${tool.path} (${tool.major})`, grants };
}

/**
 * pg_restore does not bring the statistics back (before PostgreSQL 18): search would choose its steps as if
 * it knew nothing about the names until autovacuum's analyze came round (docs/operations.md, Statistics the
 * search reads). As the owner, which may analyze every table.
 */
async function analyze(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`analyze`;
  } finally {
    await sql.end();
  }
}

export type PgliteRestore = { dir: string; movedAside: string | null; migrations: number };

/**
 * Restores an embedded-database backup into the folder `dir`, which must be missing or empty. With
 * `force`, a folder that is not empty is moved aside (`<dir>.replaced-<date>`), never deleted. A folder
 * a process has open is refused even then: the app must be stopped.
 */
export async function restorePglite(opts: {
  file: string;
  dir: string;
  force?: boolean;
  now?: Date;
}): Promise<PgliteRestore> {
  if (backupKind(opts.file) !== 'pglite')
    throw new Error(
      `${opts.file} is a PostgreSQL backup: restore it with DATABASE_URL (and MIGRATION_DATABASE_URL) set`,
    );
  let movedAside: string | null = null;
  if (existsSync(opts.dir) && readdirSync(opts.dir).length > 0) {
    if (pgliteInUse(opts.dir))
      throw new Error(
        `${opts.dir} is open in another process (the app, or the worker): stop it first. If nothing has it ` +
          'open (the app crashed), move the folder away yourself and run again.',
      );
    if (!opts.force)
      throw new Error(
        `${opts.dir} is not empty: restore into an empty folder (set DATA_DIR to another one), or run again ` +
          `with --force to move it aside to ${opts.dir}.replaced-<date> and restore in its place.`,
      );
    movedAside = `${opts.dir}.replaced-${phnomPenhStamp(opts.now)}`;
    renameSync(opts.dir, movedAside);
  }
  mkdirSync(opts.dir, { recursive: true });
  const client = new PGlite({
    dataDir: opts.dir,
    loadDataDir: new Blob([readFileSync(opts.file)]),
    extensions: { pg_trgm },
  });
  try {
    const r = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    return { dir: opts.dir, movedAside, migrations: r.rows[0]?.n ?? 0 };
  } finally {
    await client.close();
  }
}
