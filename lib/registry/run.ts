import 'server-only';
import { camdx } from '@/lib/camdx';
import { env } from '@/lib/env';
import { systemLogger } from '@/lib/log';
import { RegistryWorker } from './worker';

/**
 * The custom server (scripts/server.mjs) awaits every hook here on SIGTERM/SIGINT, after it stops
 * accepting connections and with a 25 s cap, then exits. The in-app worker registers its drain here
 * instead of installing a signal handler of its own.
 */
type ShutdownHook = () => Promise<void>;
type Global = typeof globalThis & { __sdpRegistryWorker?: RegistryWorker; __sdpShutdownHooks?: ShutdownHook[] };

/** The worker as configured (null when CamDX is not configured). */
export function workerFromEnv(): RegistryWorker | null {
  const client = camdx();
  if (!client) return null;
  return new RegistryWorker(client, {
    batchSize: env.CAMDX_SYNC_BATCH,
    // Renewed by the worker's heartbeat (a third of it) while a call runs, however long the call.
    leaseMs: env.CAMDX_SYNC_LEASE_MS,
    concurrency: env.CAMDX_SYNC_CONCURRENCY,
    // Only for the worker's own calls and outbox rows from before the staff user was recorded:
    // a batch otherwise carries the user who made its changes (X-Road-UserId).
    userId: 'sdp-registry-sync',
    maxAttempts: env.CAMDX_SYNC_MAX_ATTEMPTS,
    baseDelayMs: 5_000,
    maxDelayMs: 15 * 60_000,
  });
}

/** Registers the worker's drain with the server's shutdown (see ShutdownHook above). */
export function onServerShutdown(worker: RegistryWorker, graceMs = env.CAMDX_SYNC_SHUTDOWN_GRACE_MS): void {
  const g = globalThis as Global;
  g.__sdpShutdownHooks ??= [];
  g.__sdpShutdownHooks.push(async () => {
    await worker.shutdown(graceMs);
  });
}

/** Whether this process runs the registry sync worker (the health answer says so). */
export function inAppWorkerRunning(): boolean {
  return Boolean((globalThis as Global).__sdpRegistryWorker);
}

/**
 * Starts the worker in this process once (Next may load this module twice), without waiting for it:
 * start-up must not depend on CamDX being reachable.
 */
export function startRegistryWorker(intervalMs = env.CAMDX_SYNC_INTERVAL_MS): RegistryWorker | null {
  const g = globalThis as Global;
  if (g.__sdpRegistryWorker) return g.__sdpRegistryWorker;
  const worker = workerFromEnv();
  if (!worker) return null;
  g.__sdpRegistryWorker = worker;
  worker.start(intervalMs);
  onServerShutdown(worker);
  systemLogger('registry-worker').info(
    { event: 'registry.worker_started', workerId: worker.id, intervalMs },
    'registry sync worker started',
  );
  return worker;
}
