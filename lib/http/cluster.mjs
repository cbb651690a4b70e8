// Several server processes on one machine (WEB_CONCURRENCY): Node runs JavaScript on one core per
// process, and a page is mostly JavaScript (React rendering), so one process leaves the other cores
// to PostgreSQL alone. The processes share the port (node:cluster hands each new connection to one
// of them) and are otherwise separate instances of the app, which several instances on one
// PostgreSQL already support: sessions, sign-in limits, import claims and sync claims live in the
// database. The embedded database is one process's, so more than one needs DATABASE_URL.
import cluster from 'node:cluster';

/**
 * How many server processes `value` (WEB_CONCURRENCY) asks for: empty for one; a number from 1 to
 * 64; or `auto`, one per core. Anything else is refused, with the reason.
 * @param {string | undefined} value
 * @param {number} cores
 * @returns {number}
 */
export function parseWebConcurrency(value, cores) {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return 1;
  if (v === 'auto') return Math.max(1, cores);
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64)
    throw new Error(`WEB_CONCURRENCY must be a number of processes from 1 to 64, or auto (got "${value}")`);
  return Number(v);
}

/**
 * The primary process: starts `count` servers (this same script, as cluster workers), starts another
 * when one dies, and on SIGTERM or SIGINT passes the signal on and exits when they all have. A worker
 * that dies before it ever listened is a configuration error: everything stops, exit code 1.
 * Only the first worker runs the in-app registry worker (CAMDX_WORKER=app); its claims are safe to
 * share, but one is enough to drain the queue.
 * @param {number} count
 */
export function runPrimary(count) {
  let stopping = false;
  /** @param {number} index */
  const fork = (index) => {
    const env = { SDP_WORKER_INDEX: String(index), ...(index > 0 ? { CAMDX_WORKER: 'off' } : {}) };
    const worker = cluster.fork(env);
    let listened = false;
    worker.once('listening', () => (listened = true));
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!listened) {
        console.error(`> server process ${index} stopped before it started (${signal ?? code}); stopping`);
        stop('SIGTERM', 1);
        return;
      }
      console.error(`> server process ${index} stopped (${signal ?? code}); starting another`);
      setTimeout(() => fork(index), 1000).unref();
    });
  };
  /** @param {NodeJS.Signals} signal @param {number} exitCode */
  const stop = (signal, exitCode) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    if (running.length === 0) process.exit(exitCode);
    let left = running.length;
    for (const w of running) {
      w.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(exitCode);
      });
      w.process.kill(signal);
    }
  };
  for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGTERM', 'SIGINT']))
    process.on(signal, () => stop(signal, 0));
  console.log(`> ${count} server processes (WEB_CONCURRENCY)`);
  for (let i = 0; i < count; i++) fork(i);
}
