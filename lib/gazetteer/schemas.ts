import 'server-only';
import { z } from 'zod';

/** The most an upload may carry (all files together); the full gazetteer is under 5 MB. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

// A browser sends an empty, nameless File when no file was chosen.
const chosenFiles = (v: unknown) =>
  v instanceof FormData
    ? { files: v.getAll('files').filter((f) => !(f instanceof File) || f.size > 0 || f.name !== '') }
    : v;

export const gazetteerUploadSchema = z.preprocess(
  chosenFiles,
  z.object({
    files: z
      .array(z.instanceof(File, { error: 'gazetteerFileRequired' }), { error: 'gazetteerFileRequired' })
      .min(1, { error: 'gazetteerFileRequired' })
      .max(50, { error: 'gazetteerTooManyFiles' })
      .refine((files) => files.reduce((n, f) => n + f.size, 0) <= MAX_UPLOAD_BYTES, { error: 'gazetteerFileTooLarge' }),
  }),
);

const unitCode = z.string().regex(/^[0-9]{2}(?:[0-9]{2}){0,2}$/, { error: 'gazetteerParentCode' });

/** `?parent=` absent or empty: the provinces; else a province, district or commune code. */
export const unitsQuerySchema = z.object({
  parent: z.preprocess((v) => (v === '' ? undefined : v), unitCode.optional()),
});

export const villagesQuerySchema = z.object({
  q: z.string({ error: 'gazetteerQuery' }).trim().min(1, { error: 'gazetteerQuery' }).max(100, { error: 'tooLong' }),
  limit: z.coerce
    .number({ error: 'gazetteerLimit' })
    .int({ error: 'gazetteerLimit' })
    .min(1, { error: 'gazetteerLimit' })
    .max(50, { error: 'gazetteerLimit' })
    .default(20),
});
