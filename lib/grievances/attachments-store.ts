import 'server-only';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import {
  claimedAttachmentType,
  MAX_ATTACHMENT_BYTES,
  refusedContentKind,
  sniffAttachmentType,
  SNIFF_BYTES,
  type AttachmentType,
} from './attachments-sniff';

// Attachment files on disk: DATA_DIR/attachments/<operatorId>/<attachmentId>, outside the web root
// (nothing under DATA_DIR is ever served by path). An upload is written to `<id>.part` beside its final
// name and renamed into place by the transaction that records it, so a file without its row is only
// ever a `.part` (removed on every failure) and a name is never reused.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function operatorDir(operatorId: string): string {
  // Both parts come from our own rows, never from the request; checked anyway, since they form a path.
  if (!UUID.test(operatorId)) throw new Error('attachment path: bad operator id');
  return path.join(dataDir, 'attachments', operatorId);
}

export function attachmentPath(operatorId: string, attachmentId: string): string {
  if (!UUID.test(attachmentId)) throw new Error('attachment path: bad attachment id');
  return path.join(operatorDir(operatorId), attachmentId);
}

export const partPath = (operatorId: string, attachmentId: string) =>
  `${attachmentPath(operatorId, attachmentId)}.part`;

/** An upload refused for what it is (too large, empty, not an accepted type): a 400 naming the file. */
const refuse = (key: string) => new DomainError('INVALID', key, { file: [key] });

/**
 * Refused on the declared length alone, before a byte is read: a body that says it is larger than the
 * limit. (A body without Content-Length, or one that lies, is counted while it streams.)
 */
export function refuseDeclaredLength(contentLength: string | null): void {
  if (contentLength === null) return;
  const n = Number(contentLength);
  if (Number.isFinite(n) && n > MAX_ATTACHMENT_BYTES) throw refuse('attachmentTooLarge');
}

/** Why the first bytes are refused: a false extension (a .jpg that is a program) says so plainly. */
function typeRefusal(head: Uint8Array, fileName: string): DomainError {
  if (claimedAttachmentType(fileName)) {
    const kind = refusedContentKind(head);
    return refuse(kind ? `attachmentFalseExtension_${kind}` : 'attachmentFalseExtension');
  }
  return refuse('attachmentType');
}

export interface ReceivedFile {
  mediaType: AttachmentType;
  size: number;
  sha256: string;
}

/**
 * Streams the body to the `.part` file, hashing and counting as it goes: stops reading (and removes
 * the part) at MAX + 1 bytes, or as soon as the first bytes show a type that is not accepted.
 */
export async function receiveAttachment(
  body: ReadableStream<Uint8Array> | null,
  operatorId: string,
  attachmentId: string,
  fileName: string,
): Promise<ReceivedFile> {
  await mkdir(operatorDir(operatorId), { recursive: true, mode: 0o700 });
  const part = partPath(operatorId, attachmentId);
  const file = createWriteStream(part, { mode: 0o600, flags: 'wx' });
  const digest = createHash('sha256');
  let size = 0;
  let head: Uint8Array = new Uint8Array(0);
  let mediaType: AttachmentType | null = null;
  const reader = body?.getReader();
  try {
    if (!reader) throw refuse('attachmentEmpty');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ATTACHMENT_BYTES) throw refuse('attachmentTooLarge');
      if (!mediaType && head.length < SNIFF_BYTES) {
        head = concat(head, value.subarray(0, SNIFF_BYTES - head.length));
        if (head.length >= SNIFF_BYTES) {
          mediaType = sniffAttachmentType(head);
          if (!mediaType) throw typeRefusal(head, fileName);
        }
      }
      digest.update(value);
      if (!file.write(value)) await once(file, 'drain');
    }
    if (size === 0) throw refuse('attachmentEmpty');
    // A file shorter than the sniffing window: judged on what there is.
    mediaType ??= sniffAttachmentType(head);
    if (!mediaType) throw typeRefusal(head, fileName);
    await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { mediaType, size, sha256: digest.digest('hex') };
  } catch (e) {
    // Stop the sender: nothing more of this body is read.
    await reader?.cancel().catch(() => undefined);
    file.destroy();
    // The file may still be opening: remove it only once it is closed, or it would outlive the rm.
    if (!file.closed) await once(file, 'close').catch(() => undefined);
    await rm(part, { force: true });
    throw e;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export async function removeAttachmentFiles(operatorId: string, attachmentId: string): Promise<void> {
  await Promise.all([
    rm(partPath(operatorId, attachmentId), { force: true }),
    rm(attachmentPath(operatorId, attachmentId), { force: true }),
  ]);
}
