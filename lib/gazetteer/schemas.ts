import 'server-only';
import { z } from 'zod';

// The upload's limit is GAZETTEER_UPLOAD_BYTES in lib/http/limits.mjs; its checks are in ./upload.ts.

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
