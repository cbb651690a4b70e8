import 'server-only';
import type { SessionUser } from '@/lib/auth/session';
import { importEdition, type ImportReport } from './import';
import { parseEdition } from './parse';

/** An upload from Administration → Gazetteer: read, parse, import, attributed to the administrator. */
export async function importUploadedFiles(actor: SessionUser, { files }: { files: File[] }): Promise<ImportReport> {
  const sources = await Promise.all(files.map(async (f) => ({ name: f.name || 'upload', text: await f.text() })));
  const edition = parseEdition(sources);
  return importEdition(edition, { actorId: actor.id, source: sources.map((s) => s.name).join(', ') });
}
