import { z } from 'zod';
import { apiSchemas } from '@/lib/api/schemas';
import { CURRENCIES } from '@/lib/programmes/values';
import { LINE_STATUSES, LIST_STATUSES, PAYMENT_CHANNELS } from './values';

// GET /api/v1/payment-lists, /payment-lists/{id} and /payment-lists/{id}/lines: the answers.
// Amounts are integers in minor units of `currency` (riel; US cents).

export const listParamsSchema = z.object({ id: z.guid() });

export const listQueryDocs = {
  programme: "Only this programme's lists (its id)",
  status: 'Only lists in this state',
  after: 'next of the previous page, with the same other parameters',
  limit: 'Page size: 50 unless given, at most 200',
};
export const linesQueryDocs = {
  status: 'Only lines with this outcome',
  after: 'next of the previous page (a line number), with the same other parameters',
  limit: 'Page size: 100 unless given, at most 500',
};

const money = z.int().min(0).meta({ description: 'Minor units of the currency (riel; US cents)' });
const count = z.int().min(0);
const person = z.object({ id: z.guid(), name: z.string() }).nullable();

const listShape = {
  id: z.guid(),
  code: z.string().meta({ examples: ['PWDF-P-000001'] }),
  programmeId: z.guid(),
  programmeCode: z.string(),
  period: z.string().meta({ description: "'2026-12' monthly, '2026-Q4' quarterly, '2026-12-15' one-off" }),
  paymentDate: z.iso.date().meta({ description: 'Ages, household sizes and states were evaluated on this date' }),
  followsListId: z.guid().nullable().meta({ description: 'Set on a follow-up list carrying failed lines' }),
  currency: z.enum(CURRENCIES),
  status: z.enum(LIST_STATUSES),
  lineCount: count,
  totalAmount: money,
  paidCount: count,
  paidAmount: money,
  failedCount: count,
  failedAmount: money,
  version: z.int().min(1),
  createdAt: z.iso.datetime(),
};

export const paymentListSummarySchema = z
  .object(listShape)
  .register(apiSchemas, { id: 'PaymentListSummary', description: 'A payment list and its totals' });

export const paymentListPageSchema = z
  .object({
    items: z.array(paymentListSummarySchema),
    next: z.guid().nullable().meta({ description: 'Pass as `after` for the next page; null on the last' }),
  })
  .register(apiSchemas, { id: 'PaymentListPage', description: "The operator's payment lists, newest first" });

export const paymentListSchema = z
  .object({
    ...listShape,
    rejectionReason: z.string().nullable(),
    generatedBy: person,
    submittedBy: person,
    approvedBy: person,
    generatedAt: z.iso.datetime().nullable(),
    submittedAt: z.iso.datetime().nullable(),
    approvedAt: z.iso.datetime().nullable(),
    exportedAt: z.iso.datetime().nullable(),
    reconciledAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
  })
  .register(apiSchemas, {
    id: 'PaymentList',
    description: 'One payment list with who generated, submitted and approved it (maker-checker)',
  });

export const paymentLineSchema = z
  .object({
    id: z.guid(),
    lineNo: z.int().min(1),
    lineRef: z.string().meta({ description: "The list's code and the line number: what the provider sends back" }),
    enrolmentId: z.guid(),
    householdId: z.guid(),
    memberId: z
      .guid()
      .nullable()
      .meta({ description: 'Set when one member is the beneficiary; null for the household' }),
    householdCode: z.string(),
    recipientNameKm: z.string(),
    recipientNameLatin: z.string().nullable(),
    recipientKhmerId: z.string().nullable(),
    proxyName: z.string().nullable().meta({ description: 'A named proxy who collects (then the recipient)' }),
    channel: z.enum(PAYMENT_CHANNELS).nullable(),
    account: z.string().nullable(),
    phone: z.string().nullable(),
    paymentPoint: z.string().nullable(),
    villageCode: z.string().nullable(),
    communeCode: z.string().nullable(),
    amount: money,
    currency: z.enum(CURRENCIES),
    breakdown: z
      .object({ base: money, members: money, qualifying: count, capped: z.boolean() })
      .nullable()
      .meta({ description: 'Household base, members amount and how many qualified, before the cap' }),
    status: z.enum(LINE_STATUSES),
    failureReason: z.string().nullable(),
    transactionRef: z.string().nullable(),
    paidOn: z.iso.date().nullable(),
    carriedToLineId: z.guid().nullable(),
    carriedFromLineId: z.guid().nullable(),
  })
  .register(apiSchemas, {
    id: 'PaymentLine',
    description: "One beneficiary's payment, with the recipient and payment details frozen at generation",
  });

export const paymentLinePageSchema = z
  .object({
    items: z.array(paymentLineSchema),
    next: z.int().nullable().meta({ description: 'Pass as `after` for the next page; null on the last' }),
  })
  .register(apiSchemas, { id: 'PaymentLinePage', description: "A list's lines in line order" });

// POST /api/v1/payment-lists/{id}/results: what a provider's results file did (lib/payments/reconcile.ts).
export const resultsOutcomeSchema = z
  .discriminatedUnion('status', [
    z
      .object({
        status: z.literal('refused'),
        key: z.string().meta({ description: 'Why the whole file was refused: paymentFiles.results.refusals.<key>' }),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
      })
      .meta({ description: 'The file was not applied (no header, an unknown column, …); nothing changed' }),
    z
      .object({ status: z.literal('alreadyImported'), importId: z.uuid() })
      .meta({ description: 'This very file (by SHA-256) was applied to the list before; nothing changed' }),
    z
      .object({
        status: z.literal('applied'),
        importId: z.uuid(),
        rows: z.int(),
        paid: z.int(),
        failed: z.int(),
        changed: z.int().meta({ description: 'Lines whose status or details changed' }),
        problems: z.int().meta({ description: 'Rows left out with a problem (listed on the results page)' }),
        reconciled: z.boolean().meta({ description: 'Every line is now paid or failed: the list is reconciled' }),
      })
      .meta({ description: 'The rows without a problem were applied' }),
  ])
  .register(apiSchemas, { id: 'PaymentResultsOutcome', description: "What the provider's results file did" });
