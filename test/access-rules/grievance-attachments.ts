import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { db } from '@/db/client';
import { grievanceAttachments } from '@/db/schema';
import { attachmentPath } from '@/lib/grievances/attachments-store';
import { insertGrievance } from '../helpers/grievance-rows';
import type { Ctx, Rules } from './types';

/** A PDF attached to a (not sensitive) grievance of ctx's operator, its file on disk. */
async function attachmentOf(ctx: Ctx) {
  const { grievance } = await insertGrievance(ctx.operatorId);
  const bytes = Buffer.from('%PDF-1.7\n%%EOF\n');
  const [row] = await db()
    .insert(grievanceAttachments)
    .values({
      operatorId: ctx.operatorId,
      grievanceId: grievance.id,
      fileName: 'letter.pdf',
      mediaType: 'application/pdf',
      size: bytes.length,
      sha256: '0'.repeat(64),
    })
    .returning({ id: grievanceAttachments.id });
  const file = attachmentPath(ctx.operatorId, row!.id);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return { grievanceId: grievance.id, attachmentId: row!.id };
}

export const rules: Rules = {
  // No body: refused as empty (400) once the caller and the grievance have been checked, so nothing is
  // stored. B's administrator naming A's grievance: not found, before the body is read.
  'app/api/v1/grievances/[id]/attachments/route.ts#POST': {
    access: 'grievanceIntake',
    request: async (ctx) => {
      const { grievance } = await insertGrievance(ctx.operatorId);
      return {
        url: `http://localhost/api/v1/grievances/${grievance.id}/attachments?name=photo.jpg`,
        method: 'POST',
        params: { id: grievance.id },
      };
    },
  },
  'app/api/v1/grievances/[id]/attachments/[attachmentId]/route.ts#GET': {
    access: 'grievances',
    request: async (ctx) => {
      const { grievanceId, attachmentId } = await attachmentOf(ctx);
      return {
        url: `http://localhost/api/v1/grievances/${grievanceId}/attachments/${attachmentId}`,
        params: { id: grievanceId, attachmentId },
      };
    },
  },
};
