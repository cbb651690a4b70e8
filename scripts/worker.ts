// `npm run worker`: the registry sync worker as its own process, for larger deployments (set
// CAMDX_WORKER=off on the app then). Several may run at once: rows are claimed with SKIP LOCKED.
import { dbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { env } from '@/lib/env';
import { systemLogger } from '@/lib/log';
import { workerFromEnv } from '@/lib/registry/run';

async function main() {
  const log = systemLogger('registry-worker');
  const handle = dbHandle();
  if (handle.kind === 'pglite') {
    // One process owns an embedded database: a second process would corrupt it.
    log.fatal(
      'npm run worker needs DATABASE_URL (PostgreSQL); with the embedded database the app runs the worker itself',
    );
    process.exit(1);
  }
  await runMigrations(handle, { migrationUrl: env.MIGRATION_DATABASE_URL });
  const worker = workerFromEnv();
  if (!worker) {
    log.fatal('CamDX is not configured (CAMDX_SECURITY_SERVER_URL)');
    process.exit(1);
  }
  worker.start(env.CAMDX_SYNC_INTERVAL_MS);
  log.info({ event: 'registry.worker_started', workerId: worker.id }, 'registry sync worker started');
  // On SIGTERM/SIGINT: claim nothing more, let the exchange in flight finish (or give its rows back
  // after the grace period, claimable at once by another worker), then exit. A second signal exits now.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    const started = Date.now();
    log.info({ event: 'registry.worker_stopping', signal }, 'registry sync worker stopping');
    try {
      await worker.shutdown(env.CAMDX_SYNC_SHUTDOWN_GRACE_MS);
      await handle.close();
    } catch (err) {
      log.error({ err }, 'registry sync worker did not stop cleanly');
      process.exit(1);
    }
    log.info({ event: 'registry.worker_exit', ms: Date.now() - started }, 'registry sync worker exits');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
