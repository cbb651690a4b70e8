// Provider layouts, the provider form and the results upload: plain zod schemas, read by the client
// forms and by lib/payments/providers.ts, lib/payments/files.ts and lib/payments/reconcile.ts.
import { z } from 'zod';
import type { ProviderLayout } from '@/db/schema/payments';
export type { ProviderLayout };
/** What a page needs of a provider to offer it. */
export interface ProviderChoice {
  id: string;
  name: string;
  layout: ProviderLayout;
}

import { AMOUNT_FORMATS, FILE_FORMATS, PAYMENT_CHANNELS, PROVIDER_FIELDS } from './values';

export const DELIMITERS = [',', ';', '\t'] as const;
/** The names of the delimiters in forms (a tab cannot be shown). */
export const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

/** The layout of a list's file when the operator has no provider: every field, headers in English. */
export const DEFAULT_LAYOUT: ProviderLayout = {
  format: 'csv',
  amountFormat: 'decimal',
  delimiter: ',',
  columns: [
    { field: 'lineRef', header: 'line_ref' },
    { field: 'recipientName', header: 'recipient_name' },
    { field: 'recipientNameLatin', header: 'recipient_name_latin' },
    { field: 'khmerId', header: 'khmer_id' },
    { field: 'phone', header: 'phone' },
    { field: 'account', header: 'account' },
    { field: 'channel', header: 'channel' },
    { field: 'amount', header: 'amount' },
    { field: 'currency', header: 'currency' },
    { field: 'householdCode', header: 'household_code' },
    { field: 'province', header: 'province' },
    { field: 'district', header: 'district' },
    { field: 'commune', header: 'commune' },
    { field: 'village', header: 'village' },
    { field: 'proxyName', header: 'proxy_name' },
  ],
};

const header = z
  .string()
  .trim()
  .min(1, { error: 'providerHeaderRequired' })
  .max(100, { error: 'tooLong' })
  // A header is a file's first row: no line breaks, no formula.
  .refine((v) => !/[\r\n]/.test(v) && !/^[=@+\-]/.test(v), { error: 'providerHeaderInvalid' });

export const layoutSchema = z
  .object({
    format: z.enum(FILE_FORMATS, { error: 'providerFormat' }),
    amountFormat: z.enum(AMOUNT_FORMATS, { error: 'providerAmountFormat' }),
    delimiter: z.enum(DELIMITERS, { error: 'providerDelimiter' }).default(','),
    columns: z
      .array(z.object({ field: z.enum(PROVIDER_FIELDS, { error: 'providerField' }), header }), {
        error: 'providerColumnsRequired',
      })
      .min(1, { error: 'providerColumnsRequired' })
      .max(PROVIDER_FIELDS.length, { error: 'providerColumnsRequired' }),
  })
  .superRefine((layout, ctx) => {
    const seen = new Set<string>();
    layout.columns.forEach((c, i) => {
      if (seen.has(c.field))
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'field'], message: 'providerFieldTwice' });
      seen.add(c.field);
    });
    // Results come back by line reference, and the totals are checked on the amount column.
    if (!seen.has('lineRef')) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'providerNeedsLineRef' });
    if (!seen.has('amount')) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'providerNeedsAmount' });
  });

export const providerSchema = z.object({
  name: z.string().trim().min(1, { error: 'providerNameRequired' }).max(100, { error: 'tooLong' }),
  channel: z.enum(PAYMENT_CHANNELS, { error: 'providerChannel' }),
  layout: layoutSchema,
});
export type ProviderInput = z.input<typeof providerSchema>;
export type ProviderData = z.output<typeof providerSchema>;

const uuid = z.uuid({ error: 'NOT_FOUND' });

export const providerUpdateSchema = providerSchema.extend({ id: uuid, version: z.coerce.number().int().min(1) });
export const providerDeleteSchema = z.object({ id: uuid });

/** `?provider=&format=` of a list's file: a provider's layout, or the default layout in this format. */
export const fileQuerySchema = z.object({
  provider: z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'providerUnknown' }).optional()),
  format: z.preprocess((v) => (v === '' ? undefined : v), z.enum(FILE_FORMATS, { error: 'providerFormat' }).optional()),
});
export const fileParamsSchema = z.object({ id: z.uuid() });

/**
 * The results upload's other field (POST /api/v1/payment-lists/{id}/results, multipart): how amounts are
 * written. The file's limit is PAYMENT_RESULTS_BYTES in lib/http/limits.mjs.
 */
export const resultsFieldsSchema = z.object({
  amountFormat: z.enum(AMOUNT_FORMATS, { error: 'providerAmountFormat' }).default('decimal'),
});
