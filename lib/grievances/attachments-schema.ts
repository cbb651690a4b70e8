import { z } from 'zod';
import { apiSchemas } from '@/lib/api/schemas';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from './attachments-sniff';

// /api/v1/grievances/{id}/attachments: its parameters and answers (lib/api/routes.ts describes the routes).

export const attachmentGrievanceParamsSchema = z.object({ id: z.guid() });
export const attachmentParamsSchema = z.object({ id: z.guid(), attachmentId: z.guid() });

export const attachmentUploadQuerySchema = z.object({
  name: z.string().max(1000).default('attachment'),
});

export const attachmentParamDocs = {
  id: "The grievance's id (UUID)",
  name: "The file's name as the person chose it (kept for the list; the type is read from the content)",
};

export const attachmentSchema = z
  .object({
    id: z.guid(),
    grievanceId: z.guid(),
    fileName: z.string(),
    mediaType: z.enum(ATTACHMENT_TYPES).meta({ description: 'Read from the content (magic bytes), not the name' }),
    size: z.int().min(1).max(MAX_ATTACHMENT_BYTES),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: z.iso.datetime(),
  })
  .register(apiSchemas, { id: 'GrievanceAttachment', description: 'A file attached to a grievance' });

export type AttachmentView = z.output<typeof attachmentSchema>;
