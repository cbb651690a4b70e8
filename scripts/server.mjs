#!/usr/bin/env node
// The app's HTTP server (`npm start` runs it after building; `npm run dev` with --dev): Next.js behind
// the request policy of lib/http/edge.mjs, which sees the socket — the client's real address, and
// every body's length before a byte of it is read. `next start` has neither.
//
// On SIGTERM or SIGINT it stops taking connections, runs the app's shutdown hooks (the in-app
// registry worker finishing or releasing its batch), and exits.
import cluster from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustedProxies } from '../lib/http/edge.mjs';
import { parseWebConcurrency, runPrimary } from '../lib/http/cluster.mjs';
import { startServer } from '../lib/http/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;
const SHUTDOWN_GRACE_MS = 25_000;

let trust;
try {
  trust = parseTrustedProxies(process.env.TRUSTED_PROXIES);
} catch (e) {
  console.error(`Invalid configuration: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

let processes = 1;
try {
  processes = dev ? 1 : parseWebConcurrency(process.env.WEB_CONCURRENCY, os.availableParallelism());
} catch (e) {
  console.error(`Invalid configuration: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
if (processes > 1 && !process.env.DATABASE_URL) {
  console.error(
    'Invalid configuration: WEB_CONCURRENCY above 1 needs DATABASE_URL (PostgreSQL): the embedded database belongs to one process',
  );
  process.exit(1);
}
if (processes > 1 && cluster.isPrimary) {
  runPrimary(processes);
} else {
  await serve();
}

async function serve() {
  // The same line shape as the app's own (lib/log.ts: ISO time, service), at level warn.
  const quiet = ['error', 'fatal', 'silent'].includes(process.env.LOG_LEVEL ?? '');
  const log = (entry) => {
    if (quiet) return;
    const line = { level: 40, time: new Date().toISOString(), service: 'sdp', ...entry, msg: 'request refused' };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };

  const server = await startServer({ dir: root, dev, port, hostname, trust, log });
  console.log(
    `> Ready on http://${hostname ?? 'localhost'}:${port} (${dev ? 'development' : 'production'}; ` +
      `trusted proxies: ${trust.kind === 'none' ? 'none' : trust.kind === 'hops' ? `${trust.hops} hop(s)` : trust.text})`,
  );

  let stopping = false;
  async function shutdown(signal) {
    if (stopping) return;
    stopping = true;
    console.log(`> ${signal}: closing`);
    server.close();
    server.closeIdleConnections?.();
    /** @type {Array<() => Promise<void>>} */
    const hooks = globalThis.__sdpShutdownHooks ?? [];
    const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.allSettled(hooks.map((hook) => hook())), timeout]);
    process.exit(0);
  }
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => void shutdown(signal));
}
