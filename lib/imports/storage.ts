import 'server-only';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '@/lib/env';
import { IMPORT_UPLOAD_BYTES } from '@/lib/http/limits.mjs';
import { ImportRefusal } from './refusal';

// Uploaded files wait in DATA_DIR/imports until their job has run, then are deleted: personal data
// is not kept outside the database longer than the import needs.

export const importDir = () => path.join(dataDir, 'imports');
export const uploadPath = (jobId: string) => path.join(importDir(), `${jobId}.upload`);
export const spoolPath = (jobId: string) => path.join(importDir(), `${jobId}.valid.ndjson`);
export const optionsPath = (jobId: string) => path.join(importDir(), `${jobId}.options.json`);

/** Streams the request body to disk, hashing it; stops reading at the size limit. */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | null,
  jobId: string,
): Promise<{ sha256: string; bytes: number }> {
  await mkdir(importDir(), { recursive: true });
  const file = createWriteStream(uploadPath(jobId), { mode: 0o600 });
  const digest = createHash('sha256');
  let bytes = 0;
  try {
    if (body) {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        if (bytes > IMPORT_UPLOAD_BYTES) {
          await reader.cancel();
          throw new ImportRefusal('tooLarge', { megabytes: IMPORT_UPLOAD_BYTES / 1024 / 1024 });
        }
        digest.update(value);
        if (!file.write(value)) await once(file, 'drain');
      }
    }
    if (bytes === 0) throw new ImportRefusal('empty');
    return { sha256: digest.digest('hex'), bytes };
  } finally {
    await new Promise((resolve) => file.end(resolve));
  }
}

export async function removeJobFiles(jobId: string): Promise<void> {
  await Promise.all([uploadPath, spoolPath, optionsPath].map((p) => rm(p(jobId), { force: true })));
}
