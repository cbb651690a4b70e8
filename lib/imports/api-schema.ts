import { z } from 'zod';
import { apiSchemas } from '@/lib/api/schemas';
import { JOB_STATUSES } from './run';

// The import routes under /api/v1/imports: their parameters (beside uploadQuerySchema of ./jobs.ts) and answers.

export const jobParamsSchema = z.object({ id: z.guid() });

/** `?format=xlsx` for Excel; anything else gives CSV. */
export const templateQuerySchema = z.object({ format: z.enum(['csv', 'xlsx']).catch('csv') });

export const uploadParamDocs = {
  name: "The file's name, for the list and the report",
  confirmSimilar: '1: import people who look like members already enrolled',
};

const count = z.int().min(0);

export const importJobSchema = z
  .object({
    id: z.guid(),
    fileName: z.string(),
    status: z.enum(JOB_STATUSES),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    totalRows: count,
    processedRows: count,
    invalidRows: count,
    createdHouseholds: count,
    createdMembers: count,
    skippedRows: count,
    progress: z
      .int()
      .min(0)
      .max(100)
      .nullable()
      .meta({ description: 'Over the whole job (checking is the first half); null while the file is read' }),
    refusal: z.string().nullable().meta({ description: "Why the file was refused, in the caller's language" }),
    hasReport: z.boolean().meta({ description: 'Some rows were not imported: GET …/report lists them' }),
  })
  .register(apiSchemas, { id: 'ImportJob', description: 'An import job and its progress' });

export const importJobListSchema = z.array(importJobSchema).max(20).register(apiSchemas, {
  id: 'ImportJobList',
  description: "The operator's 20 most recent import jobs, newest first",
});

export const templateParamDocs = { format: 'xlsx for Excel; anything else gives CSV' };
