// `npm run db:backup [-- --out <folder or file>] [--pg-bin <dir>] [--force]`: a backup of the database
// the app uses. PostgreSQL (DATABASE_URL): pg_dump's custom format, as MIGRATION_DATABASE_URL's role
// when set (the owner reads every table); the app may keep running. The embedded database
// (DATA_DIR/pglite): PGlite's own dump of the folder, with the app stopped (refused while it is open).
// The file is named after the Phnom Penh date and time; the default folder is DATA_DIR/backups.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { backupPglite, backupPostgres, formatBytes } from '@/lib/ops/backup';
import { dataDir, env } from '@/lib/env';
import { argValue, fail } from './ops-args';

async function main() {
  const args = process.argv.slice(2);
  const out = path.resolve(argValue(args, '--out') ?? path.join(dataDir, 'backups'));
  const url = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
  const result = url
    ? await backupPostgres({ url, out, pgBin: argValue(args, '--pg-bin') })
    : await backupPglite({ dir: path.join(dataDir, 'pglite'), out, force: args.includes('--force') });
  console.log(`wrote ${result.file} (${formatBytes(result.bytes)}, ${result.bytes} bytes)`);
  if (result.tool) console.log(`with ${result.tool}`);
  // Grievance attachments are files, not rows: a restore without them has records pointing at nothing.
  const attachments = path.join(dataDir, 'attachments');
  if (existsSync(attachments) && readdirSync(attachments).length > 0)
    console.log(`also copy ${attachments} (grievance attachments are kept as files; docs/operations.md, Backups)`);
}

main().catch(fail);
