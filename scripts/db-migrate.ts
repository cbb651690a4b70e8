// `npm run db:migrate`: runs the migrations without starting the app (which also runs them at every
// start). On PostgreSQL with MIGRATION_DATABASE_URL: as that (owner) role, then the app role
// (DATABASE_URL's user) is created when missing and granted what it needs. With the embedded
// database, stop the app first: one process owns its folder.
import path from 'node:path';
import { dbHandle } from '@/db/client';
import { auditTrailProtection, runMigrations } from '@/db/migrate';
import { dataDir, env } from '@/lib/env';
import { refuseIfInUse } from '@/lib/ops/backup';

async function main() {
  // Two processes on one embedded folder lose writes without an error: refuse while the app has it.
  if (!env.DATABASE_URL) refuseIfInUse(path.join(dataDir, 'pglite'), process.argv.includes('--force'));
  const handle = dbHandle();
  try {
    await runMigrations(handle, { migrationUrl: env.MIGRATION_DATABASE_URL });
    const protection = await auditTrailProtection(handle);
    console.log(`migrated (${handle.kind}); audit trail: ${describe[protection]}`);
  } finally {
    await handle.close();
  }
}

const describe = {
  'app-role': "the app's role owns nothing and cannot switch the append-only triggers off",
  owner: "the app's role owns the tables (or is a superuser): set MIGRATION_DATABASE_URL (README, Database roles)",
  embedded: 'the embedded database has one user, who owns everything (use PostgreSQL for separate roles)',
} as const;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
