import 'server-only';
import { dbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { bootstrapFirstAdmin } from '@/lib/auth/setup';
import { resumeImportJobs } from '@/lib/imports/run';
import { env } from '@/lib/env';
import { systemLogger } from '@/lib/log';
import { startRegistryWorker } from '@/lib/registry/run';

/** Runs once per server process, before the first request (instrumentation.ts). */
export async function startServer(): Promise<void> {
  const log = systemLogger('startup');
  const started = Date.now();
  const handle = dbHandle();
  await runMigrations(handle);
  log.info({ event: 'startup.migrated', driver: handle.kind, ms: Date.now() - started }, 'database ready');
  await bootstrapFirstAdmin();
  // Household imports cut off by the last stop run again (idempotent); a failure here must not stop the server.
  await resumeImportJobs().catch((err: unknown) => log.error({ err }, 'import jobs could not be resumed'));
  // The registry sync runs here unless a separate `npm run worker` process does it.
  if (env.CAMDX_WORKER === 'app') startRegistryWorker();
}

export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (err) {
    systemLogger('startup').fatal({ err }, 'start-up failed');
    process.exit(1);
  }
}
