// The processes the benchmark measures: the production server (scripts/server.mjs, as `npm start` runs
// it), the local CamDX peer and, for the sync item, `npm run worker`. Each is started by path (not
// through npm) so that its pid is the process whose memory is sampled.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from '../node-flags.mjs';

/**
 * The app whose server is measured: this checkout, or BENCH_APP_DIR (another checkout, built, to
 * compare two versions of the app with the same benchmark and the same library side).
 */
export const root = process.env.BENCH_APP_DIR ? path.resolve(process.env.BENCH_APP_DIR) : process.cwd();
const out = (line: string) => process.stdout.write(`${line}\n`);

export interface Started {
  child: ChildProcess;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

const SOURCES = ['app', 'components', 'lib', 'db', 'messages', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs'];
function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), st.mtimeMs);
}

/** `next build` when there is no build or the sources are newer than it (as scripts/start.mjs decides). */
export function buildIfNeeded(): void {
  const id = path.join(root, '.next', 'BUILD_ID');
  if (process.env.SDP_SKIP_BUILD === '1' && existsSync(id)) return;
  if (existsSync(id) && !SOURCES.some((s) => newest(path.join(root, s)) > statSync(id).mtimeMs)) return;
  out('building the application (no build, or the sources changed)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('next build failed');
}

async function waitFor(url: string, child: ChildProcess, seconds: number, log: () => string): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})\n${log()}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s\n${log()}`);
}

/** True when something already answers at `url`: the run would time another process. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  base: string,
  logFile?: string,
): Promise<Started> {
  // A server left from an earlier run would answer the readiness check and every timed request while
  // the new one fails to listen (EADDRINUSE): seen once, as a run of errors only.
  if (await answers(readyUrl))
    throw new Error(`${readyUrl} already answers: stop the process on that port (an earlier run?) or choose another`);
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const file = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  const keep = (b: Buffer) => {
    file?.write(b);
    log = (log + b.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', () => file?.end());
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  return waitFor(readyUrl, child, 180, () => log).then(
    () => ({ child, pid: child.pid!, url: base, stop }),
    async (e: unknown) => {
      await stop();
      throw e;
    },
  );
}

export const CAMDX_ENV = (peerUrl: string) => ({
  CAMDX_SECURITY_SERVER_URL: peerUrl,
  CAMDX_CLIENT_ID: 'CAMBODIA/COM/SDP-DEV/SDP',
  CAMDX_SPR_SERVICE_ID: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
  CAMDX_MOI_SERVICE_ID: 'CAMBODIA/GOV/MOI-DEV/KHMERID/khmerid',
});

export function startPeer(port: number): Promise<Started> {
  const tsx = path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const url = `http://127.0.0.1:${port}`;
  return startProcess(
    [tsx, path.join(process.cwd(), 'camdx-peer', 'main.ts'), '--port', String(port)],
    { ...process.env },
    url,
    url,
  );
}

/**
 * The production server on `databaseUrl`. The registry worker is off in it (CAMDX_WORKER=off): the
 * sync item runs `npm run worker` apart, as a larger deployment does, so that the syncing of the
 * enrolments and imports made by other items does not compete with the requests being timed.
 */
export function startServer(opts: {
  port: number;
  databaseUrl: string;
  dataDir: string;
  peerUrl: string;
  profileDir?: string;
}) {
  const url = `http://localhost:${opts.port}`;
  return startProcess(
    [
      // --profile: the server's CPU profile, written when it stops (open it in Chrome's DevTools).
      ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []),
      // As `npm start` runs it (scripts/start.mjs).
      ...SERVER_NODE_FLAGS,
      // BENCH_SERVER_FLAGS: more of node's, to look into a run (e.g. --trace-gc, with BENCH_SERVER_LOG).
      ...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean),
      path.join(root, 'scripts', 'server.mjs'),
    ],
    {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(opts.port),
      NEXTAUTH_URL: url,
      DATABASE_URL: opts.databaseUrl,
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: 'warn',
      // Every request of the benchmark comes from one address.
      LOGIN_MAX_PER_ADDRESS: '100000',
      INITIAL_ADMIN_EMAIL: '',
      INITIAL_ADMIN_PASSWORD: '',
      CAMDX_WORKER: 'off',
      ...CAMDX_ENV(opts.peerUrl),
    },
    `${url}/api/health`,
    url,
    // BENCH_SERVER_LOG: a file that gets all the server prints (the run keeps only its last lines).
    process.env.BENCH_SERVER_LOG,
  );
}

/** `npm run worker` (scripts/worker.ts) on the same database; its memory is the item's. */
export function startWorker(opts: { databaseUrl: string; dataDir: string; peerUrl: string }): ChildProcess {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return spawn(process.execPath, [tsx, '--conditions=react-server', 'scripts/worker.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: opts.databaseUrl,
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: 'warn',
      CAMDX_SYNC_INTERVAL_MS: '200',
      ...CAMDX_ENV(opts.peerUrl),
    },
  });
}
