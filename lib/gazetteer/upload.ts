import 'server-only';
import type { SessionUser } from '@/lib/auth/session';
import { requestLogger } from '@/lib/request';
import { importEdition, type ImportReport } from './import';
import { parseEdition } from './parse';

/** An upload from Administration → Gazetteer: read, parse, import, attributed to the administrator. */
export async function importUploadedFiles(actor: SessionUser, { files }: { files: File[] }): Promise<ImportReport> {
  const sources = await Promise.all(files.map(async (f) => ({ name: f.name || 'upload', text: await f.text() })));
  const edition = parseEdition(sources);
  const report = await importEdition(edition, { actorId: actor.id, source: sources.map((s) => s.name).join(', ') });
  const { total, added, renamed, retired, restored } = report;
  (await requestLogger()).info(
    {
      event: 'gazetteer.import',
      importId: report.id,
      total,
      added,
      renamed,
      retired,
      restored,
      skipped: report.details.skipped.count,
      ms: report.details.durationMs,
    },
    'gazetteer imported',
  );
  return report;
}
