import 'server-only';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { dataDir } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { MULTIPART_MARGIN } from '@/lib/http/limits.mjs';

// A multipart/form-data upload, parsed as it arrives and written to DATA_DIR/uploads/<tmp>/ — never
// held in memory (request.formData() would buffer the whole body). The route's guard and the record's
// checks run before this is called; here the bytes are counted as they come (a Content-Length can lie
// or be absent): past the limit the body is no longer read, the partial files are removed, and the
// answer is 413. busboy does the parsing: a small, widely used streaming parser (Next itself ships it),
// where a parser of our own would have to get boundaries split across chunks right.

export interface UploadRequest {
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

export interface SavedFile {
  /** The name the browser gave, without any folder part (never used as a path). */
  name: string;
  /** Where the file is on disk, until `remove()`. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReceivedUpload {
  /** The form's text fields (first value of each name). */
  fields: Record<string, string>;
  /** The files sent under the file field, in order; an input with nothing chosen is left out. */
  files: SavedFile[];
  /** Removes the files; call it once they have been used, whatever happened. */
  remove(): Promise<void>;
}

export interface UploadLimits {
  /** The form field that carries the file(s). */
  fileField: string;
  /** The most all files together may weigh (lib/http/limits.mjs). */
  maxBytes: number;
  /** The most files the field may carry; more is refused with `keys.tooMany`. */
  maxFiles: number;
  /** Message keys (errors.<key>) for the file field's refusals. */
  keys: { tooLarge: string; tooMany: string; malformed: string };
}

/** The form's text fields are a few words; their number and size are capped so that they cannot grow. */
const FIELD_LIMITS = { fields: 10, fieldSize: 1024, fieldNameSize: 100, headerPairs: 20 };

export const uploadsDir = () => path.join(dataDir, 'uploads');
const baseName = (name: string) => (name.split(/[\\/]/).at(-1) ?? '').slice(0, 255);

/** Over the limit: 413, with the key the form shows beside its file input. */
export const tooLarge = (limits: UploadLimits) => new DomainError('TOO_LARGE', limits.keys.tooLarge);
const invalid = (limits: UploadLimits, key: string) => new DomainError('INVALID', key, { [limits.fileField]: [key] });

/**
 * Refused on the declared length alone, before a byte is read: a body that says it is larger than the
 * files' limit and the multipart framing around them.
 */
function refuseDeclaredLength(request: UploadRequest, limits: UploadLimits): void {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes + MULTIPART_MARGIN) throw tooLarge(limits);
}

/**
 * Streams a multipart body to a fresh temporary folder: the files under `limits.fileField` (hashed and
 * counted together), the other fields as text. Refused (nothing left on disk) when the body is over
 * the limit, declared or counted (413), not multipart or cut short (400), or carries too many files.
 */
export async function receiveMultipart(request: UploadRequest, limits: UploadLimits): Promise<ReceivedUpload> {
  refuseDeclaredLength(request, limits);
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body || !/^multipart\/form-data\b/i.test(contentType)) throw invalid(limits, limits.keys.malformed);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers send file names as UTF-8 (a Khmer name must not come back as Latin-1).
      defParamCharset: 'utf8',
      limits: { ...FIELD_LIMITS, files: limits.maxFiles + 1, parts: limits.maxFiles + 1 + FIELD_LIMITS.fields },
    });
  } catch {
    // No boundary, or a content type busboy does not take.
    throw invalid(limits, limits.keys.malformed);
  }

  await mkdir(uploadsDir(), { recursive: true, mode: 0o700 });
  // Named by process: what a crashed process left is told apart from another process's upload in progress.
  const dir = await mkdtemp(path.join(uploadsDir(), `upload-${process.pid}-`));
  const remove = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const files: SavedFile[] = [];
  const writers: WriteStream[] = [];
  const written: Promise<unknown>[] = [];
  let fileBytes = 0;
  let bodyBytes = 0;
  // The first refusal wins; raised from inside the streams, it stops the pipeline below.
  let refusal: DomainError | null = null;
  // The disk failing (full, say) is the server's fault: a 500, logged, not the sender's.
  let diskError: unknown = null;

  const source = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
  // Counts the whole body too: fields and framing are held to the margin, whatever the parts say.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bodyBytes += chunk.byteLength;
      if (refusal) return done(refusal);
      if (bodyBytes > limits.maxBytes + MULTIPART_MARGIN) return done((refusal = tooLarge(limits)));
      done(null, chunk);
    },
  });

  parser.on('field', (name, value) => {
    if (!(name in fields)) fields[name] = value;
  });
  parser.on('filesLimit', () => {
    refusal ??= invalid(limits, limits.keys.tooMany);
  });
  parser.on('file', (name, stream, info) => {
    // Another field's file, or an input with nothing chosen (no name, no bytes): read past, not kept.
    if (name !== limits.fileField || !info.filename) {
      stream.resume();
      return;
    }
    if (files.length >= limits.maxFiles) {
      refusal ??= invalid(limits, limits.keys.tooMany);
      stream.resume();
      return;
    }
    const file: SavedFile = {
      name: baseName(info.filename),
      path: path.join(dir, String(files.length)),
      bytes: 0,
      sha256: '',
    };
    files.push(file);
    const out = createWriteStream(file.path, { mode: 0o600, flags: 'wx' });
    writers.push(out);
    written.push(new Promise<void>((resolve) => out.once('close', () => resolve())));
    out.on('error', (e) => {
      diskError ??= e;
      counter.destroy(e);
    });
    const digest = createHash('sha256');
    stream.on('data', (chunk: Buffer) => {
      if (refusal) return;
      fileBytes += chunk.byteLength;
      file.bytes += chunk.byteLength;
      if (fileBytes > limits.maxBytes) {
        refusal = tooLarge(limits);
        counter.destroy(refusal);
        return;
      }
      digest.update(chunk);
      // The disk is slower than the network: the parser (and so the body) waits for it.
      if (!out.write(chunk)) {
        stream.pause();
        out.once('drain', () => stream.resume());
      }
    });
    // A body cut short ends the part with an error (the pipeline below fails too): nothing to keep.
    stream.on('error', () => out.destroy());
    stream.on('end', () => {
      file.sha256 = digest.digest('hex');
      out.end();
    });
  });

  try {
    await pipeline(source, counter, parser);
    // Each file is on disk (closed) before it is handed on.
    await Promise.all(written);
    if (refusal) throw refusal;
    if (diskError) throw diskError;
    return { fields, files, remove };
  } catch (e) {
    // Nothing more of the body is read (the pipeline has cancelled it); nothing of it is kept.
    for (const w of writers) w.destroy();
    await Promise.all(written);
    await remove();
    if (refusal) throw refusal;
    if (diskError) throw diskError;
    if (e instanceof DomainError) throw e;
    // busboy's own errors: a body cut short, a malformed part.
    throw invalid(limits, limits.keys.malformed);
  }
}

/** Receives the upload, hands it to `handle`, and removes its files afterwards, whatever happened. */
export async function withUpload<T>(
  request: UploadRequest,
  limits: UploadLimits,
  handle: (upload: ReceivedUpload) => Promise<T>,
): Promise<T> {
  const upload = await receiveMultipart(request, limits);
  try {
    return await handle(upload);
  } finally {
    await upload.remove();
  }
}
