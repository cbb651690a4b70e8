import 'server-only';
import { camdx } from '@/lib/camdx';
import { env } from '@/lib/env';
import { systemLogger } from '@/lib/log';
import { RegistryWorker } from './worker';

type Global = typeof globalThis & { __sdpRegistryWorker?: RegistryWorker };

/** The worker as configured (null when CamDX is not configured). */
export function workerFromEnv(): RegistryWorker | null {
  const client = camdx();
  if (!client) return null;
  return new RegistryWorker(client, {
    batchSize: env.CAMDX_SYNC_BATCH,
    // Longer than a call can take with its own retries, so a live worker never loses its lease.
    leaseMs: Math.max(60_000, env.CAMDX_TIMEOUT_MS * (env.CAMDX_MAX_ATTEMPTS + 1)),
    // Only for the worker's own calls and outbox rows from before the staff user was recorded:
    // a batch otherwise carries the user who made its changes (X-Road-UserId).
    userId: 'sdp-registry-sync',
    maxAttempts: env.CAMDX_SYNC_MAX_ATTEMPTS,
    baseDelayMs: 5_000,
    maxDelayMs: 15 * 60_000,
  });
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
  systemLogger('registry-worker').info(
    { event: 'registry.worker_started', workerId: worker.id, intervalMs },
    'registry sync worker started',
  );
  return worker;
}
