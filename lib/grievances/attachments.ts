import 'server-only';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { grievanceAttachments, grievanceEvents } from '@/db/schema';
import type { FileAnswer } from '@/lib/api-route';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { cleanText } from '@/lib/text/normalise';
import { findVisibleGrievance } from './attachments-access';
import type { AttachmentView } from './attachments-schema';
import type { AttachmentType } from './attachments-sniff';
import {
  attachmentPath,
  partPath,
  receiveAttachment,
  refuseDeclaredLength,
  removeAttachmentFiles,
} from './attachments-store';

// Files attached to a grievance (images and PDF, ≤ 10 MB): who may attach or read them is decided
// before a byte of the body is read, and only for a grievance the caller can see.

export interface UploadRequest {
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

const columns = {
  id: grievanceAttachments.id,
  grievanceId: grievanceAttachments.grievanceId,
  fileName: grievanceAttachments.fileName,
  mediaType: grievanceAttachments.mediaType,
  size: grievanceAttachments.size,
  sha256: grievanceAttachments.sha256,
  createdAt: grievanceAttachments.createdAt,
};
type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] };

/** The name as chosen, without any folder part (never used as a path: files are stored by id). */
const safeFileName = (name: string) => cleanText(name.split(/[\\/]/).at(-1) ?? '').slice(0, 200) || 'attachment';

const view = (r: Row): AttachmentView => ({
  ...r,
  mediaType: r.mediaType as AttachmentType,
  createdAt: r.createdAt.toISOString(),
});

/** The grievance, if the caller may see it; otherwise not found (another operator's, or sensitive and not theirs). */
async function visibleOrNotFound(tx: Db, actor: OperatorUser, grievanceId: string) {
  const grievance = await findVisibleGrievance(tx, actor, grievanceId);
  if (!grievance) throw new DomainError('NOT_FOUND');
  return grievance;
}

/**
 * Receives one file for a grievance: refused before reading when the grievance is not the caller's to
 * see or the declared length is over the limit; then streamed to disk and checked by content; the row,
 * the history row and the audit row are written in one transaction, which moves the file into place.
 */
export async function attachToGrievance(
  actor: OperatorUser,
  grievanceId: string,
  name: string,
  request: UploadRequest,
): Promise<AttachmentView> {
  await visibleOrNotFound(db(), actor, grievanceId);
  refuseDeclaredLength(request.headers.get('content-length'));
  const id = randomUUID();
  const fileName = safeFileName(name);
  const file = await receiveAttachment(request.body, actor.operatorId, id, fileName);
  try {
    const row = await db().transaction(async (tx) => {
      const grievance = await visibleOrNotFound(tx, actor, grievanceId);
      const [row] = await tx
        .insert(grievanceAttachments)
        .values({
          id,
          operatorId: actor.operatorId,
          grievanceId: grievance.id,
          fileName,
          uploadedBy: actor.id,
          ...file,
        })
        .returning(columns);
      await tx.insert(grievanceEvents).values({
        operatorId: actor.operatorId,
        grievanceId: grievance.id,
        kind: 'attachment',
        body: fileName,
        actorId: actor.id,
      });
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'grievance.attach',
        entityType: 'grievance',
        entityId: grievance.id,
        after: { attachmentId: id, fileName, ...file },
      });
      // Last step of the transaction: should the commit fail after it, the catch below removes the file.
      await rename(partPath(actor.operatorId, id), attachmentPath(actor.operatorId, id));
      return row!;
    });
    return view(row);
  } catch (e) {
    await removeAttachmentFiles(actor.operatorId, id);
    throw e;
  }
}

/** The grievance's attachments, oldest first (empty when the caller may not see the grievance). */
export async function listAttachments(actor: OperatorUser, grievanceId: string): Promise<AttachmentView[]> {
  const grievance = await findVisibleGrievance(db(), actor, grievanceId);
  if (!grievance) return [];
  const rows = await db()
    .select(columns)
    .from(grievanceAttachments)
    .where(and(ownedBy(grievanceAttachments, actor), eq(grievanceAttachments.grievanceId, grievance.id)))
    .orderBy(asc(grievanceAttachments.createdAt), asc(grievanceAttachments.id));
  return rows.map(view);
}

/** One attachment as a download, for a caller who may see its grievance. */
export async function readAttachment(
  actor: OperatorUser,
  grievanceId: string,
  attachmentId: string,
): Promise<FileAnswer> {
  const grievance = await visibleOrNotFound(db(), actor, grievanceId);
  const [row] = await db()
    .select(columns)
    .from(grievanceAttachments)
    .where(
      and(
        ownedBy(grievanceAttachments, actor),
        eq(grievanceAttachments.grievanceId, grievance.id),
        eq(grievanceAttachments.id, attachmentId),
      ),
    );
  if (!row) throw new DomainError('NOT_FOUND');
  const stream = createReadStream(attachmentPath(actor.operatorId, row.id));
  // Opened before answering, so a missing file is an error logged here rather than a cut-off download.
  await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  return {
    fileName: row.fileName,
    contentType: row.mediaType,
    body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
  };
}
