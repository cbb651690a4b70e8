import { z } from 'zod';
import { searchParamsSchema } from '@/lib/search/schema';
import { EXPORT_FORMATS } from './filters';

/**
 * GET /api/v1/export's query: `format` and the search's own filters, with the search's own checks
 * (age range, area codes that nest); the paging parameters (cursor, limit) are left out, so ignored.
 */
const { cursor: _cursor, limit: _limit, ...filters } = searchParamsSchema.shape;
export const exportQuerySchema = z
  .object({
    format: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(EXPORT_FORMATS, { error: 'invalid' }).default('csv'),
    ),
    ...filters,
  })
  .check(...((searchParamsSchema._zod.def.checks ?? []) as z.core.$ZodCheck<object>[]));
