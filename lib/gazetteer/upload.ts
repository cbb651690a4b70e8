import 'server-only';
import { readFile } from 'node:fs/promises';
import type { SessionUser } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { GAZETTEER_UPLOAD_BYTES } from '@/lib/http/limits.mjs';
import { requestLogger } from '@/lib/request';
import { withUpload, type UploadLimits, type UploadRequest } from '@/lib/uploads/multipart';
import type { GazetteerImportJson } from './api-schema';
import { importEdition, type ImportReport } from './import';
import { parseEdition } from './parse';

/** POST /api/v1/gazetteer/upload: one or more files under `files`, all together within the limit. */
export const GAZETTEER_UPLOAD: UploadLimits = {
  fileField: 'files',
  maxBytes: GAZETTEER_UPLOAD_BYTES,
  maxFiles: 50,
  keys: { tooLarge: 'gazetteerFileTooLarge', tooMany: 'gazetteerTooManyFiles', malformed: 'gazetteerUnreadable' },
};

/** A file of the edition on disk, as the upload left it. */
export interface EditionFile {
  name: string;
  path: string;
}

/**
 * An upload from Administration → Gazetteer (the caller already checked by the route): streamed to
 * disk within the limit, then imported; the files are removed afterwards whatever happened.
 */
export async function importGazetteerUpload(actor: SessionUser, request: UploadRequest): Promise<GazetteerImportJson> {
  const report = await withUpload(request, GAZETTEER_UPLOAD, ({ files }) => {
    if (files.length === 0)
      throw new DomainError('INVALID', 'gazetteerFileRequired', { files: ['gazetteerFileRequired'] });
    return importUploadedFiles(actor, files);
  });
  return { ...report, at: report.at.toISOString() };
}

/**
 * Files of an edition read, parsed, imported, attributed to the administrator. The parsers take whole
 * texts (YAML is not read line by line), so each file is read from disk here: at most the upload's
 * limit, for platform administrators only, after the body has been counted.
 */
export async function importUploadedFiles(actor: SessionUser, files: readonly EditionFile[]): Promise<ImportReport> {
  const sources = [];
  for (const f of files) sources.push({ name: f.name || 'upload', text: await readFile(f.path, 'utf8') });
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
