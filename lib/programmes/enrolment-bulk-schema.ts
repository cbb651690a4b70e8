import { z } from 'zod';
import { searchParamsSchema } from '@/lib/search/schema';
import { uuidSchema } from '@/lib/validation';

// Bulk enrolment's input: a programme and where the households come from — everyone the
// eligibility conditions let in, or the households of the members a search finds (the search's own
// filters and checks, as the export takes them; paging left out).

export const BULK_SOURCES = ['eligibility', 'search'] as const;
export type BulkSource = (typeof BULK_SOURCES)[number];

const { cursor: _cursor, limit: _limit, ...filterShape } = searchParamsSchema.shape;
export const bulkFiltersSchema = z
  .object(filterShape)
  .check(...((searchParamsSchema._zod.def.checks ?? []) as z.core.$ZodCheck<object>[]));

export const bulkEnrolSchema = z.object({
  programmeId: uuidSchema,
  source: z.enum(BULK_SOURCES, { error: 'invalid' }),
  filters: bulkFiltersSchema.default({ q: '' }),
});

export type BulkEnrolInput = z.input<typeof bulkEnrolSchema>;
export type BulkEnrolData = z.output<typeof bulkEnrolSchema>;
export type BulkFilters = z.output<typeof bulkFiltersSchema>;
