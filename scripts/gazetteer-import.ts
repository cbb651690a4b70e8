// `npm run gazetteer:import -- <path> [--force]`: imports a gazetteer edition into the database
// the app uses (DATABASE_URL, else the embedded one in DATA_DIR/pglite) and prints the report.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { dataDir, env } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { importEdition, type ImportReport } from '@/lib/gazetteer/import';
import { parseEdition } from '@/lib/gazetteer/parse';
import { readEditionFiles } from '@/lib/gazetteer/read';
import { MESSAGES } from '@/messages';

const out = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

function printReport(r: ImportReport, parseMs: number) {
  const d = r.details;
  out(`Imported ${d.files.join(', ')} (${d.formats.join(', ')}), provinces ${d.provinces.join(' ')}`);
  out(`  units in the edition: ${r.total}`);
  out(
    `  added: ${r.added}   renamed: ${r.renamed}   retired: ${r.retired}   restored: ${r.restored}   rows skipped: ${d.skipped.count}`,
  );
  out(`  read ${parseMs} ms, import ${d.durationMs} ms`);
  const list = (title: string, items: { code: string; nameKm: string; nameLatin: string }[], count: number) => {
    if (count === 0) return;
    out(`${title} (${count}${count > items.length ? `, first ${items.length}` : ''}):`);
    for (const u of items.slice(0, 20)) out(`  ${u.code}  ${u.nameKm}  ${u.nameLatin}`);
    if (items.length > 20) out(`  … ${items.length - 20} more in the report on Administration → Gazetteer`);
  };
  list('Added', d.added, r.added);
  list('Renamed', d.renamed, r.renamed);
  list('Retired', d.retired, r.retired);
  list('Restored', d.restored, r.restored);
  for (const s of d.skipped.rows.slice(0, 20))
    out(`  skipped ${s.file}${s.row ? ` row ${s.row}` : ''}${s.code ? ` ${s.code}` : ''}: ${s.reason}`);
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const target = args.find((a) => !a.startsWith('--'));
  if (!target) fail('Usage: npm run gazetteer:import -- <folder or file> [--force]');
  if (!existsSync(target!)) fail(`Not found: ${target}`);
  // A running server owns the embedded database: a second PGlite on the same folder loses writes.
  const pid = path.join(dataDir, 'pglite', 'postmaster.pid');
  if (!env.DATABASE_URL && existsSync(pid) && !force) {
    fail(
      `${path.join(dataDir, 'pglite')} is open in another process (the app?). Stop it first, or use the upload on Administration → Gazetteer.\n` +
        'If no process has it open (it crashed), run again with --force.',
    );
  }
  const started = performance.now();
  const edition = parseEdition(await readEditionFiles(path.resolve(target!)));
  const parseMs = Math.round(performance.now() - started);
  const handle = dbHandle();
  try {
    await runMigrations(handle, { migrationUrl: env.MIGRATION_DATABASE_URL });
    const report = await importEdition(edition, { actorId: null, source: edition.files.join(', ') });
    printReport(report, parseMs);
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  const errors = MESSAGES.en.errors as Record<string, string>;
  if (e instanceof DomainError) fail(`Cannot import: ${errors[e.messageKey] ?? e.messageKey}`);
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e));
});
