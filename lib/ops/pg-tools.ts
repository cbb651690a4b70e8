import 'server-only';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';
export type FoundTool = { path: string; major: number };

/**
 * Where distributions put the client programs besides PATH: Debian/Ubuntu keep one folder per major
 * version (several may be installed side by side), RHEL/Fedora (PGDG) too, Homebrew one per formula.
 */
function candidateDirs(): string[] {
  const dirs: string[] = [];
  const versioned = (parent: string, child: (name: string) => string, match: RegExp) => {
    if (!existsSync(parent)) return;
    for (const name of readdirSync(parent)) if (match.test(name)) dirs.push(path.join(parent, child(name)));
  };
  versioned('/usr/lib/postgresql', (n) => path.join(n, 'bin'), /^\d+$/);
  versioned('/usr', (n) => path.join(n, 'bin'), /^pgsql-\d+$/);
  versioned('/opt/homebrew/opt', (n) => path.join(n, 'bin'), /^postgresql(@\d+)?$/);
  versioned('/usr/local/opt', (n) => path.join(n, 'bin'), /^postgresql(@\d+)?$/);
  return dirs;
}

async function versionOf(program: string): Promise<number | null> {
  try {
    const { stdout } = await run(program, ['--version']);
    // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The `tool` to use against a server of major version `serverMajor`: the one in `binDir` when given,
 * else among PATH and the usual install folders the same major as the server, else the oldest newer
 * one (a newer pg_dump reads an older server, but its output may use settings an older server does not
 * know, e.g. pg_dump 17's transaction_timeout). One older than the server cannot dump it: refused.
 */
export async function findPgTool(tool: PgTool, serverMajor: number, binDir?: string): Promise<FoundTool> {
  const programs = binDir ? [path.join(binDir, tool)] : [tool, ...candidateDirs().map((d) => path.join(d, tool))];
  const found: FoundTool[] = [];
  for (const p of programs) {
    const major = await versionOf(p);
    if (major !== null) found.push({ path: p, major });
  }
  const usable = found.filter((f) => f.major >= serverMajor).sort((a, b) => a.major - b.major);
  if (usable[0]) return usable[0];
  const seen = found.length
    ? `found only ${found.map((f) => `${f.path} (${f.major})`).join(', ')}`
    : `${tool} was not found${binDir ? ` in ${binDir}` : ' on PATH or in /usr/lib/postgresql/*/bin'}`;
  throw new Error(
    `${tool} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server: ${seen}. ` +
      `Install the client programs (Debian/Ubuntu: apt install postgresql-client-${serverMajor}) or name their folder with --pg-bin <dir>.`,
  );
}

export type ServerInfo = { major: number; database: string; user: string; relations: number };

/** The server's major version, and how many tables, views and sequences the database holds outside the catalogue. */
export async function serverInfo(url: string): Promise<ServerInfo> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ version: number; database: string; user: string; relations: number }[]>`
      select current_setting('server_version_num')::int as version, current_database() as database,
        current_user as user,
        (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            and n.nspname not in ('pg_catalog', 'information_schema')
            and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%') as relations`;
    return {
      major: Math.floor(row!.version / 10_000),
      database: row!.database,
      user: row!.user,
      relations: row!.relations,
    };
  } finally {
    await sql.end();
  }
}

/**
 * libpq's connection for a child program: the URL without its password (a program's arguments are
 * visible to every user of the machine in `ps`), the password in PGPASSWORD.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  // Handed on to the child as it is (PATH, locale, PGSSL* settings), not read as configuration: that is lib/env.ts's.
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: u.toString(), env };
}
