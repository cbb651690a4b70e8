// `npm run demo [-- --fresh]`: the app on its embedded database with a demo operator, and the local
// CamDX peer it syncs with, in one command (README, "Try it").
//
// First run: starts the peer, makes the demo data in DEMO_DATA_DIR (default .data/demo) through the
// domain functions (lib/demo/seed.ts), closes that database, then starts the app on it (`npm start`'s
// scripts/start.mjs: builds the production app when needed). Later runs reuse the folder and start at
// once; --fresh deletes it and starts again. One process opens the embedded database at a time: the
// seed here, closed before the app's server opens it. Ctrl-C stops the app (its registry worker hands
// back what it holds), then the peer.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoFiles, DemoFolderError, prepareDemoFolder } from '../lib/demo/folder';

// fileURLToPath rather than import.meta.dirname: that arrived in Node 20.11, the project allows 20.9.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({ options: { fresh: { type: 'boolean' }, help: { type: 'boolean' } } });
const out = (line = '') => process.stdout.write(`${line}\n`);

if (flags.help) {
  out('npm run demo [-- --fresh]');
  out('  DEMO_DATA_DIR (default .data/demo), PORT (3000), CAMDX_PEER_PORT (4400), DEMO_HOST (localhost)');
  process.exit(0);
}

const dir = path.resolve(process.env.DEMO_DATA_DIR || path.join(root, '.data', 'demo'));
const port = Number(process.env.PORT || 3000);
const peerPort = Number(process.env.CAMDX_PEER_PORT || 4400);
const host = process.env.DEMO_HOST || 'localhost';
const url = `http://localhost:${port}`;
const { summary: SUMMARY, pid: PIDFILE } = demoFiles(dir);

function fail(message: string): never {
  process.stderr.write(`npm run demo: ${message}\n`);
  process.exit(1);
}

/** The gazetteer: GAZETTEER_DATA_DIR, the team's shared folder beside the project, else the project's Kep fixture. */
function gazetteerDir(): string {
  const full = (d: string | undefined) => d && existsSync(path.join(d, 'pumi-villages.yml'));
  if (full(process.env.GAZETTEER_DATA_DIR)) return path.resolve(process.env.GAZETTEER_DATA_DIR!);
  for (let d = path.dirname(root); d !== path.dirname(d); d = path.dirname(d)) {
    const candidate = path.join(d, 'shared', 'data', 'gazetteer');
    if (full(candidate)) return candidate;
  }
  return path.join(root, 'test', 'fixtures', 'gazetteer');
}

/** Reuse the folder, or make the data (again); refuses a folder that is not the demo's or is open. */
function prepareFolder(): 'reuse' | 'seed' {
  try {
    const plan = prepareDemoFolder(dir, { fresh: Boolean(flags.fresh) });
    if (plan.action === 'seed' && plan.deleted)
      out(plan.deleted === 'fresh' ? `--fresh: deleted ${dir}` : `${dir} held an unfinished demo: making it again`);
    return plan.action;
  } catch (e) {
    if (e instanceof DemoFolderError) fail(e.message);
    throw e;
  }
}

interface Saved {
  createdAt: string;
  seconds: number;
  gazetteer: string;
  summary: import('../lib/demo/seed').DemoSummary;
}

async function seed(peerUrl: string): Promise<Saved> {
  const started = performance.now();
  const gazetteer = gazetteerDir();
  out(`Making the demo data in ${dir} (gazetteer: ${shown(gazetteer)})…`);
  // Imported only now: lib/env reads DATA_DIR and friends when it is first loaded.
  const { dbHandle } = await import('../db/client');
  const { runMigrations } = await import('../db/migrate');
  const { seedDemo } = await import('../lib/demo/seed');
  const handle = dbHandle();
  try {
    await runMigrations(handle);
    out(`  database ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const summary = await seedDemo({ peerUrl, gazetteerDir: gazetteer, log: out });
    const saved: Saved = {
      createdAt: new Date().toISOString(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      gazetteer,
      summary,
    };
    // The demo's passwords, for the next start's banner: this folder only, readable by its owner only.
    writeFileSync(SUMMARY, JSON.stringify(saved, null, 2), { mode: 0o600 });
    out(`Demo data made in ${saved.seconds} s.`);
    return saved;
  } finally {
    // Closed before the app's server opens the same folder.
    await handle.close();
  }
}

/** A path inside the project relative to it (`.data/demo`), any other as it is. */
const shown = (p: string) => (p.startsWith(root + path.sep) ? path.relative(root, p) : p);

function banner(saved: Saved, peerUrl: string, fresh: boolean) {
  const s = saved.summary;
  const states = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const width = Math.max(...s.accounts.map((a) => a.email.length));
  out();
  out(`  Service Delivery Platform — demo at ${url}`);
  out(`  Operator DEMO: ${s.households} households, ${s.members} members (data of ${saved.createdAt.slice(0, 10)}).`);
  out('  Sign in with (e-mail, password); the interface starts in Khmer, "English" at the top switches it:');
  for (const a of s.accounts) out(`    ${a.role.padEnd(18)} ${a.email.padEnd(width)}  ${a.password}`);
  out(`  Payment lists: ${states(s.paymentLists)}`);
  out(`  Grievances: ${states(s.grievances)}`);
  out(`  Registry sync (at seeding; CamDX peer ${peerUrl}): ${states(s.registry)}`);
  // Only just made: the worker moves these on within minutes, so on a later start they have moved.
  if (fresh)
    out('    queued members are sent again 5–10 minutes from now; accepted ones get their SPID in about 10 minutes.');
  out(`  Data in ${shown(dir)}; \`npm run demo -- --fresh\` starts again. Ctrl-C stops.`);
  out();
}

/**
 * A fresh clone builds the app before the data is made, not after (scripts/start.mjs would): the
 * registry states the seed leaves in motion (queued, accepted) are still there when the app opens.
 * start.mjs still rebuilds when the sources are newer than the build.
 */
function buildIfMissing(): boolean {
  if (process.env.SDP_SKIP_BUILD === '1' || existsSync(path.join(root, '.next', 'BUILD_ID'))) return false;
  out('Building the application (first start: a few minutes)…');
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const r = spawnSync(process.execPath, [next, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) fail('the build failed (above).');
  return true;
}

async function main() {
  const started = performance.now();
  const mode = prepareFolder();
  const building = buildIfMissing();
  const afterBuild = performance.now();
  writeFileSync(PIDFILE, String(process.pid));
  // The demo is always the embedded database in its own folder, whatever the shell says.
  for (const v of ['DATABASE_URL', 'MIGRATION_DATABASE_URL']) delete process.env[v];
  process.env.DATA_DIR = dir;
  process.env.LOG_LEVEL ||= 'warn';

  const { startPeer } = await import('../camdx-peer/server');
  const { DEMO_CAMDX } = await import('../lib/demo/registry');
  const peerLog = createWriteStream(path.join(dir, 'camdx-peer.log'), { flags: 'a' });
  const peer = await startPeer({
    port: peerPort,
    sprService: DEMO_CAMDX.sprServiceId,
    moiService: DEMO_CAMDX.moiServiceId,
    // The registry remembers its people across restarts, as the app does: no SPID is handed out twice.
    stateFile: path.join(dir, 'camdx-peer.json'),
    log: (entry) => peerLog.write(`${JSON.stringify(entry)}\n`),
  }).catch((e: unknown) =>
    fail(
      `the CamDX peer could not listen on port ${peerPort} (${e instanceof Error ? e.message : e}); set CAMDX_PEER_PORT.`,
    ),
  );

  const saved: Saved = mode === 'seed' ? await seed(peer.url) : JSON.parse(readFileSync(SUMMARY, 'utf8'));
  if (mode === 'reuse') out(`Reusing the demo data in ${dir} (\`npm run demo -- --fresh\` to make it again).`);

  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: host,
      NEXTAUTH_URL: url,
      CAMDX_SECURITY_SERVER_URL: peer.url,
      CAMDX_CLIENT_ID: DEMO_CAMDX.clientId,
      CAMDX_SPR_SERVICE_ID: DEMO_CAMDX.sprServiceId,
      CAMDX_MOI_SERVICE_ID: DEMO_CAMDX.moiServiceId,
    },
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    out(line);
    if (line.startsWith('> Ready on')) {
      banner(saved, peer.url, mode === 'seed');
      const secs = (from: number, to = performance.now()) => ((to - from) / 1000).toFixed(1);
      const built = building ? `, after a build of ${secs(started, afterBuild)} s` : '';
      out(`  Ready in ${secs(afterBuild)} s (${mode === 'seed' ? 'new demo data' : 'reused'}${built}).`);
    }
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: stopping the app, then the CamDX peer…`);
    // From a terminal the app got the signal too; from elsewhere (kill) it did not.
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await peer.close();
  peerLog.end();
  rmSync(PIDFILE, { force: true });
  out(stopping ? 'Demo stopped.' : `The app stopped (exit ${code}).`);
  process.exit(stopping ? 0 : code);
}

main().catch((e: unknown) => {
  rmSync(PIDFILE, { force: true });
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e));
});
