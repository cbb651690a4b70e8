import 'server-only';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findPgTool, libpqConnection, serverInfo } from './pg-tools';

export type BackupResult = { file: string; bytes: number; kind: 'postgres' | 'pglite'; tool?: string };

/** Cambodia keeps UTC+7 all year: a backup's name says when it was taken in the operators' own time. */
export function phnomPenhStamp(now = new Date()): string {
  const local = new Date(now.getTime() + 7 * 3_600_000).toISOString(); // 2026-12-06T15:54:37.123Z
  return `${local.slice(0, 10)}_${local.slice(11, 19).replace(/:/g, '-')}+07`;
}

/**
 * `out` may be a file or a folder (made when missing, or when it has no extension); in a folder the
 * file is named `sdp-<label>-<Phnom Penh date and time><ext>`.
 */
export function backupPath(out: string, label: string, ext: string, now = new Date()): string {
  const isDir = (existsSync(out) && statSync(out).isDirectory()) || path.extname(out) === '';
  if (!isDir) {
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    return path.resolve(out);
  }
  mkdirSync(out, { recursive: true });
  const safe = label.replace(/[^A-Za-z0-9_.-]/g, '_');
  return path.resolve(out, `sdp-${safe}-${phnomPenhStamp(now)}${ext}`);
}

export function refuseExisting(file: string) {
  if (existsSync(file)) throw new Error(`${file} already exists: name another file, or move that one away`);
}

/**
 * PostgreSQL: `pg_dump -Fc` (compressed, restorable table by table) of the database at `url`, best
 * connected as the tables' owner (MIGRATION_DATABASE_URL). pg_dump reads one snapshot, so the app may
 * keep running.
 */
export async function backupPostgres(opts: {
  url: string;
  out: string;
  pgBin?: string;
  now?: Date;
}): Promise<BackupResult> {
  const info = await serverInfo(opts.url);
  const tool = await findPgTool('pg_dump', info.major, opts.pgBin);
  const file = backupPath(opts.out, `postgres-${info.database}`, '.dump', opts.now);
  refuseExisting(file);
  const { dbname, env } = libpqConnection(opts.url);
  // Written through a file we open, readable by its owner only (it holds every person's record), and
  // never over an existing file.
  const fd = openSync(file, 'wx', 0o600);
  try {
    await runTool(tool.path, ['--format=custom', '--dbname', dbname], env, fd);
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  } finally {
    closeSync(fd);
  }
  return { file, bytes: statSync(file).size, kind: 'postgres', tool: `${tool.path} (${tool.major})` };
}

/** Runs a PostgreSQL client program; its error output becomes the error's message. */
export function runTool(program: string, args: string[], env: NodeJS.ProcessEnv, stdout: number | 'ignore' = 'ignore') {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8_000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(program)} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/**
 * The embedded database's folder is "in use" while a PGlite has it open: PGlite writes postmaster.pid
 * when it opens the folder and removes it when it closes. Its content is always the same (pid -42,
 * WASM has no processes), so a file left by a process that crashed looks the same: `force` then.
 */
export function pgliteInUse(dir: string): boolean {
  return existsSync(path.join(dir, 'postmaster.pid'));
}

export function refuseIfInUse(dir: string, force: boolean | undefined) {
  if (force || !pgliteInUse(dir)) return;
  throw new Error(
    `${dir} is open in another process (the app, or the worker): stop it first — two processes on one ` +
      'embedded database lose writes, and a copy taken under a running app may not be consistent. ' +
      'If nothing has it open (the app crashed), run again with --force.',
  );
}

/**
 * The embedded database: PGlite's own dump of its data folder (a gzipped tar, which `new PGlite({
 * loadDataDir })` starts from), taken with the app stopped. Opening the folder replays its log first,
 * so a folder left by a crash is copied as PostgreSQL would recover it.
 */
export async function backupPglite(opts: {
  dir: string;
  out: string;
  force?: boolean;
  now?: Date;
}): Promise<BackupResult> {
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) throw new Error(`${opts.dir} holds no embedded database`);
  refuseIfInUse(opts.dir, opts.force);
  const file = backupPath(opts.out, 'pglite', '.tar.gz', opts.now);
  refuseExisting(file);
  const client = new PGlite({ dataDir: opts.dir, extensions: { pg_trgm } });
  try {
    // dumpDataDir before the database has started never settles (and node then exits as if done).
    await client.waitReady;
    const dump = await client.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { flag: 'wx', mode: 0o600 });
  } finally {
    await client.close();
  }
  return { file, bytes: statSync(file).size, kind: 'pglite' };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
