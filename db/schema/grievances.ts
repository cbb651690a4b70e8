import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  COMPLAINANT_KINDS,
  GRIEVANCE_CHANNELS,
  GRIEVANCE_EVENT_KINDS,
  GRIEVANCE_PRIORITIES,
  GRIEVANCE_SOURCES,
  GRIEVANCE_STATUSES,
} from '@/lib/grievances/values';
import { operators, users } from './accounts';
import { members } from './households';
import { paymentLines } from './payments';

export {
  COMPLAINANT_KINDS,
  GRIEVANCE_CHANNELS,
  GRIEVANCE_PRIORITIES,
  GRIEVANCE_STATUSES,
} from '@/lib/grievances/values';
import { inList } from './in-list';

/** An operator's grievance categories; a sub-category has a parent. Sensitive ones are seen only by the assignee and administrators. */
export const grievanceCategories = pgTable(
  'grievance_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    parentId: uuid('parent_id'),
    code: text('code').notNull(),
    nameKm: text('name_km').notNull(),
    nameEn: text('name_en').notNull(),
    sensitive: boolean('sensitive').notNull().default(false),
    /** Service level: working days from receipt to resolution. */
    slaDays: integer('sla_days').notNull().default(10),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grievance_categories_operator_code_uq').on(t.operatorId, t.code),
    check('grievance_categories_sla_ck', sql`${t.slaDays} BETWEEN 1 AND 365`),
  ],
);

/** Days the operator does not work (Cambodia's public holidays move: the operator keeps the list). */
export const operatorHolidays = pgTable(
  'operator_holidays',
  {
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    day: date('day').notNull(),
    nameKm: text('name_km'),
    nameEn: text('name_en'),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.day] })],
);

export const grievances = pgTable(
  'grievances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    code: text('code').notNull(),
    source: text('source').notNull().default('staff'),
    channel: text('channel').notNull(),
    complainantKind: text('complainant_kind').notNull(),
    memberId: uuid('member_id').references(() => members.id),
    complainantName: text('complainant_name'),
    contactPhone: text('contact_phone'),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => grievanceCategories.id),
    subcategoryId: uuid('subcategory_id').references(() => grievanceCategories.id),
    /** Copied from the category at intake (and when the category changes): lists filter on it. */
    sensitive: boolean('sensitive').notNull().default(false),
    priority: text('priority').notNull().default('normal'),
    description: text('description').notNull(),
    paymentLineId: uuid('payment_line_id').references(() => paymentLines.id),
    status: text('status').notNull().default('received'),
    resolution: text('resolution'),
    assignedTo: uuid('assigned_to').references(() => users.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The service level's last day (working days, operator holidays excluded). */
    dueOn: date('due_on').notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grievances_operator_code_uq').on(t.operatorId, t.code),
    index('grievances_operator_status_idx').on(t.operatorId, t.status, t.receivedAt),
    index('grievances_operator_assignee_idx').on(t.operatorId, t.assignedTo),
    index('grievances_member_idx')
      .on(t.memberId)
      .where(sql`${t.memberId} IS NOT NULL`),
    check('grievances_channel_ck', sql`${t.channel} IN (${inList(GRIEVANCE_CHANNELS)})`),
    check('grievances_kind_ck', sql`${t.complainantKind} IN (${inList(COMPLAINANT_KINDS)})`),
    check('grievances_priority_ck', sql`${t.priority} IN (${inList(GRIEVANCE_PRIORITIES)})`),
    check('grievances_status_ck', sql`${t.status} IN (${inList(GRIEVANCE_STATUSES)})`),
    check('grievances_source_ck', sql`${t.source} IN (${inList(GRIEVANCE_SOURCES)})`),
    // Anonymous means no personal data at all; a member complaint names its member.
    check(
      'grievances_anonymous_ck',
      sql`${t.complainantKind} <> 'anonymous' OR (${t.memberId} IS NULL AND ${t.complainantName} IS NULL AND ${t.contactPhone} IS NULL)`,
    ),
    check('grievances_member_ck', sql`${t.complainantKind} <> 'member' OR ${t.memberId} IS NOT NULL`),
    check('grievances_phone_ck', sql`${t.contactPhone} IS NULL OR ${t.contactPhone} ~ '^\\+[1-9][0-9]{6,14}$'`),
  ],
);

/** A grievance's history: every step, in order (shown in human wording; the audit trail has them too). */
export const grievanceEvents = pgTable(
  'grievance_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    grievanceId: uuid('grievance_id')
      .notNull()
      .references(() => grievances.id),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** A comment's text, a resolution, or the assignee's id for 'assigned'. */
    body: text('body'),
    actorId: uuid('actor_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('grievance_events_grievance_idx').on(t.grievanceId, t.at),
    check('grievance_events_kind_ck', sql`${t.kind} IN (${inList(GRIEVANCE_EVENT_KINDS)})`),
  ],
);

/** A file attached to a grievance, stored under DATA_DIR (outside the web root) by its id. */
export const grievanceAttachments = pgTable(
  'grievance_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    grievanceId: uuid('grievance_id')
      .notNull()
      .references(() => grievances.id),
    fileName: text('file_name').notNull(),
    /** From the content (magic bytes), never from the name. */
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grievance_attachments_grievance_idx').on(t.grievanceId)],
);

/** Fixed-window counters for abuse limits (public intake per client address). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

export type GrievanceRow = typeof grievances.$inferSelect;
export type GrievanceCategoryRow = typeof grievanceCategories.$inferSelect;
