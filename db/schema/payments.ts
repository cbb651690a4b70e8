import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  AMOUNT_FORMATS,
  ENROLMENT_STATUSES,
  FILE_FORMATS,
  LINE_STATUSES,
  LIST_STATUSES,
  PAYMENT_CHANNELS,
  type ProviderField,
} from '@/lib/payments/values';
import { CURRENCIES } from '@/lib/programmes/values';
import { operators, users } from './accounts';
import { households, members } from './households';
import { programmes } from './programmes';

export {
  ENROLMENT_STATUSES,
  LINE_STATUSES,
  LIST_STATUSES,
  PAYMENT_CHANNELS,
  PROVIDER_FIELDS,
} from '@/lib/payments/values';
import { inList } from './in-list';

const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * A household's (member_id null) or a member's enrolment in a programme, with how it is paid.
 * One per beneficiary per programme (two partial unique indexes).
 */
export const benefitEnrolments = pgTable(
  'benefit_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** Set when the beneficiary is one member (a disability allowance); null for the household. */
    memberId: uuid('member_id').references(() => members.id),
    status: text('status').notNull().default('active'),
    statusReason: text('status_reason'),
    statusDate: date('status_date'),
    enrolledOn: date('enrolled_on').notNull(),
    channel: text('channel'),
    /** Bank account number or Wing wallet number, as the provider knows it. */
    account: text('account'),
    /** E.164 (+855…). */
    phone: text('phone'),
    /** Cash pick-up point or bank name. */
    paymentPoint: text('payment_point'),
    /** Who collects: a member of the household, or a named proxy (for a child, a person who cannot collect). */
    recipientMemberId: uuid('recipient_member_id').references(() => members.id),
    proxyName: text('proxy_name'),
    proxyRelationship: text('proxy_relationship'),
    proxyPhone: text('proxy_phone'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('benefit_enrolments_household_uq')
      .on(t.programmeId, t.householdId)
      .where(sql`${t.memberId} IS NULL`),
    uniqueIndex('benefit_enrolments_member_uq')
      .on(t.programmeId, t.memberId)
      .where(sql`${t.memberId} IS NOT NULL`),
    index('benefit_enrolments_operator_programme_idx').on(t.operatorId, t.programmeId, t.status),
    index('benefit_enrolments_household_idx').on(t.householdId),
    index('benefit_enrolments_member_idx')
      .on(t.memberId)
      .where(sql`${t.memberId} IS NOT NULL`),
    check('benefit_enrolments_status_ck', sql`${t.status} IN (${inList(ENROLMENT_STATUSES)})`),
    check('benefit_enrolments_channel_ck', sql`${t.channel} IS NULL OR ${t.channel} IN (${inList(PAYMENT_CHANNELS)})`),
    check('benefit_enrolments_phone_ck', sql`${t.phone} IS NULL OR ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
  ],
);

export interface ProviderLayout {
  format: (typeof FILE_FORMATS)[number];
  /** Column order and headers. */
  columns: { field: ProviderField; header: string }[];
  /** 'minor': whole riel / cents; 'decimal': 12.50. */
  amountFormat: (typeof AMOUNT_FORMATS)[number];
  delimiter?: ',' | ';' | '\t';
}

/** A payment provider (Wing, a bank, a cash agent) and the layout of the files it takes. */
export const paymentProviders = pgTable(
  'payment_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    name: text('name').notNull(),
    channel: text('channel').notNull(),
    layout: jsonb('layout').$type<ProviderLayout>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_providers_operator_name_uq').on(t.operatorId, t.name),
    check('payment_providers_channel_ck', sql`${t.channel} IN (${inList(PAYMENT_CHANNELS)})`),
  ],
);

/**
 * A payment list: one programme, one period. `follows_list_id` marks a follow-up list carrying the
 * unpaid lines of an earlier one (same period). Totals are kept with the list and always equal the
 * sum of its lines (lib/payments/totals.ts recomputes them in every write).
 */
export const paymentLists = pgTable(
  'payment_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    code: text('code').notNull(),
    /** '2026-12' (monthly), '2026-Q4' (quarterly), '2026-12-15' (one-off: the payment date). */
    period: text('period').notNull(),
    /** Ages, sizes and states are evaluated on this date. */
    paymentDate: date('payment_date').notNull(),
    followsListId: uuid('follows_list_id'),
    providerId: uuid('provider_id').references(() => paymentProviders.id),
    currency: text('currency').notNull(),
    status: text('status').notNull().default('draft'),
    lineCount: integer('line_count').notNull().default(0),
    totalAmount: money('total_amount').notNull().default(0),
    paidCount: integer('paid_count').notNull().default(0),
    paidAmount: money('paid_amount').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    failedAmount: money('failed_amount').notNull().default(0),
    rejectionReason: text('rejection_reason'),
    generatedBy: uuid('generated_by').references(() => users.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    generatedAt: timestamp('generated_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    exportedAt: timestamp('exported_at', { withTimezone: true }),
    reconciledAt: timestamp('reconciled_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_lists_operator_code_uq').on(t.operatorId, t.code),
    // One regular list per programme and period; follow-ups are told apart by what they follow.
    uniqueIndex('payment_lists_programme_period_uq')
      .on(t.programmeId, t.period)
      .where(sql`${t.followsListId} IS NULL`),
    index('payment_lists_operator_created_idx').on(t.operatorId, t.createdAt),
    check('payment_lists_status_ck', sql`${t.status} IN (${inList(LIST_STATUSES)})`),
    check('payment_lists_currency_ck', sql`${t.currency} IN (${inList(CURRENCIES)})`),
  ],
);

/**
 * One beneficiary's payment in a list, with a frozen copy of who is paid and how. The partial unique
 * index is the rule "one line per beneficiary per programme per period": a failed line carried into
 * a follow-up list leaves the index (carried_to_line_id set) and the new line takes its place.
 */
export const paymentLines = pgTable(
  'payment_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // No foreign keys on operator, programme, household and member: the line's enrolment (which has
    // them) and list are the keys; four more per-row checks cost ~1 s of a 100,000-line generation.
    operatorId: uuid('operator_id').notNull(),
    listId: uuid('list_id')
      .notNull()
      .references(() => paymentLists.id),
    programmeId: uuid('programme_id').notNull(),
    period: text('period').notNull(),
    // No foreign key either: lines are written only by INSERT … SELECT from the enrolments (never deleted),
    // and the check locked every enrolment row of a 100,000-line list (FOR KEY SHARE writes each tuple).
    enrolmentId: uuid('enrolment_id').notNull(),
    householdId: uuid('household_id').notNull(),
    memberId: uuid('member_id'),
    /** The reference the provider sends back: the list's code and the line's number, PWDF-P-000001-00001. */
    lineRef: text('line_ref').notNull(),
    lineNo: integer('line_no').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    /** How the amount was made: { base, members, qualifyingMembers, capped }. */
    breakdown: jsonb('breakdown').$type<{ base: number; members: number; qualifying: number; capped: boolean }>(),
    // Frozen at generation: later edits of the register do not change what was approved.
    householdCode: text('household_code').notNull(),
    recipientNameKm: text('recipient_name_km').notNull(),
    recipientNameLatin: text('recipient_name_latin'),
    recipientKhmerId: text('recipient_khmer_id'),
    proxyName: text('proxy_name'),
    channel: text('channel'),
    account: text('account'),
    phone: text('phone'),
    paymentPoint: text('payment_point'),
    villageCode: text('village_code'),
    communeCode: text('commune_code'),
    status: text('status').notNull().default('pending'),
    failureReason: text('failure_reason'),
    transactionRef: text('transaction_ref'),
    paidOn: date('paid_on'),
    carriedToLineId: uuid('carried_to_line_id'),
    carriedFromLineId: uuid('carried_from_line_id'),
  },
  (t) => [
    uniqueIndex('payment_lines_list_no_uq').on(t.listId, t.lineNo),
    uniqueIndex('payment_lines_operator_ref_uq').on(t.operatorId, t.lineRef),
    uniqueIndex('payment_lines_beneficiary_period_uq')
      .on(t.programmeId, t.period, t.enrolmentId)
      .where(sql`${t.carriedToLineId} IS NULL`),
    index('payment_lines_household_idx').on(t.householdId),
    index('payment_lines_member_idx')
      .on(t.memberId)
      .where(sql`${t.memberId} IS NOT NULL`),
    check('payment_lines_status_ck', sql`${t.status} IN (${inList(LINE_STATUSES)})`),
    check('payment_lines_amount_ck', sql`${t.amount} >= 0`),
  ],
);

/** A provider's results file applied to a list; the same file (by hash) applies once. */
export const paymentResultImports = pgTable(
  'payment_result_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    listId: uuid('list_id')
      .notNull()
      .references(() => paymentLists.id),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    rows: integer('rows').notNull(),
    paid: integer('paid').notNull(),
    failed: integer('failed').notNull(),
    /** Rows that were reported and not applied: unmatched, duplicate, amount or currency mismatch. */
    problems: jsonb('problems').$type<{ row: number; ref: string; problem: string; detail?: string }[]>().notNull(),
    importedBy: uuid('imported_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_result_imports_list_file_uq').on(t.listId, t.fileSha256)],
);

export type EnrolmentRow = typeof benefitEnrolments.$inferSelect;
export type PaymentListRow = typeof paymentLists.$inferSelect;
export type PaymentLineRow = typeof paymentLines.$inferSelect;
export type PaymentProviderRow = typeof paymentProviders.$inferSelect;
