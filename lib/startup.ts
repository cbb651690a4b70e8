import 'server-only';
import { dbHandle } from '@/db/client';
import { auditTrailProtection, runMigrations } from '@/db/migrate';
import { startAuditSealer } from '@/lib/audit/chain';
import { bootstrapFirstAdmin } from '@/lib/auth/setup';
import { startDashboardRefresher } from '@/lib/dashboard/ahead';
import { resumeImportJobs } from '@/lib/imports/run';
import { env } from '@/lib/env';
import { systemLogger } from '@/lib/log';
import { connectionSettings } from '@/lib/registry/connection';
import { startRegistryWorker } from '@/lib/registry/run';

/** Runs once per server process, before the first request (instrumentation.ts). */
export async function startServer(): Promise<void> {
  const log = systemLogger('startup');
  const started = Date.now();
  const handle = dbHandle();
  // With MIGRATION_DATABASE_URL the owner migrates and grants; the pool (DATABASE_URL) owns nothing.
  await runMigrations(handle, { migrationUrl: env.MIGRATION_DATABASE_URL });
  log.info({ event: 'startup.migrated', driver: handle.kind, ms: Date.now() - started }, 'database ready');
  if ((await auditTrailProtection(handle)) === 'owner')
    log.warn(
      { event: 'startup.audit_owner' },
      "the app's database role owns the audit trail (or is a superuser), so the trail is only append-only against other roles: set MIGRATION_DATABASE_URL (README, Database roles)",
    );
  await bootstrapFirstAdmin();
  // Household imports cut off by the last stop run again (idempotent); a failure here must not stop the server.
  await resumeImportJobs().catch((err: unknown) => log.error({ err }, 'import jobs could not be resumed'));
  // The registry sync runs here unless a separate `npm run worker` process does it.
  if (env.CAMDX_WORKER === 'app') startRegistryWorker();
  // The home dashboards' counts kept warm (not awaited: the first round may take seconds at 1M members).
  // Sync states move only where CamDX is configured (here or in `npm run worker`).
  startDashboardRefresher(env.DASHBOARD_REFRESH_INTERVAL_MS, () => connectionSettings().configured);
  // The audit trail's new rows sealed into its hash chain, each seal logged (lib/audit/chain.ts).
  startAuditSealer(env.AUDIT_SEAL_INTERVAL_MS);
}

export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (err) {
    systemLogger('startup').fatal({ err }, 'start-up failed');
    process.exit(1);
  }
}
