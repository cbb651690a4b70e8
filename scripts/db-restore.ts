// `npm run db:restore -- <backup file> [--force] [--pg-bin <dir>]`: restores a backup made by
// `npm run db:backup` into the database the app is configured for, which must be empty (--force: see
// lib/ops/restore.ts). PostgreSQL: as MIGRATION_DATABASE_URL's role (else DATABASE_URL's), then the
// app role (DATABASE_URL's user) is granted what it needs again. Stop the app first. The app migrates
// a backup of an older release when it starts (or run `npm run db:migrate`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { appRoleFromUrl } from '@/db/roles';
import { dataDir, env } from '@/lib/env';
import { restorePglite, restorePostgres } from '@/lib/ops/restore';
import { argValue, fail } from './ops-args';

async function main() {
  const args = process.argv.slice(2);
  const valued = new Set(['--pg-bin']);
  const file = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
  if (!file) fail('Usage: npm run db:restore -- <backup file> [--force] [--pg-bin <dir>]');
  if (!existsSync(file!)) fail(`Not found: ${file}`);
  const force = args.includes('--force');
  const ownerUrl = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
  if (ownerUrl) {
    const r = await restorePostgres({
      file: file!,
      url: ownerUrl,
      appRole: env.MIGRATION_DATABASE_URL && env.DATABASE_URL ? appRoleFromUrl(env.DATABASE_URL) : undefined,
      force,
      pgBin: argValue(args, '--pg-bin'),
    });
    console.log(`restored ${path.resolve(file!)} into database "${r.database}" as "${r.asUser}" with ${r.tool}`);
    console.log(r.grants ?? 'no separate app role (MIGRATION_DATABASE_URL not set): nothing granted');
  } else {
    const r = await restorePglite({ file: file!, dir: path.join(dataDir, 'pglite'), force });
    if (r.movedAside) console.log(`moved the previous database aside to ${r.movedAside}`);
    console.log(`restored ${path.resolve(file!)} into ${r.dir} (${r.migrations} migrations applied in the backup)`);
  }
  console.log('start the app (it applies any newer migrations), or run `npm run db:migrate` first');
}

main().catch(fail);
