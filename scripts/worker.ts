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
  const stop = async () => {
    await worker.stop();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

void main();
