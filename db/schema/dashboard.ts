import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { operators } from './accounts';

// The home dashboard's summary counts (issue 14). Counting a million members on every page load is
// too slow, so lib/dashboard/refresh.ts recomputes these per operator with set-based SQL when they
// are older than a few minutes (one instance at a time, under an advisory lock) and the page reads
// them, saying how old they are. Only counts are kept: no row names a person.

/** When an operator's counts were last recomputed, how long that took, and over how many members. */
export const dashboardRefreshes = pgTable('dashboard_refreshes', {
  operatorId: uuid('operator_id')
    .primaryKey()
    .references(() => operators.id),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  tookMs: integer('took_ms').notNull().default(0),
  /** How many members (of any status) were counted: a small operator's counts are recomputed on every visit. */
  members: integer('members').notNull().default(0),
});

/** Active members by province (the first two digits of their village; '' when unknown), sex and age band. */
export const dashboardMemberCounts = pgTable(
  'dashboard_member_counts',
  {
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    provinceCode: text('province_code').notNull(),
    sex: text('sex').notNull(),
    ageBand: text('age_band').notNull(),
    members: integer('members').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.operatorId, t.provinceCode, t.sex, t.ageBand] }),
    check('dashboard_member_counts_members_ck', sql`${t.members} >= 0`),
  ],
);

/** Benefit enrolments by programme and status. */
export const dashboardEnrolmentCounts = pgTable(
  'dashboard_enrolment_counts',
  {
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    /** No foreign key: a counted programme may be deleted (a draft); the read joins programmes. */
    programmeId: uuid('programme_id').notNull(),
    status: text('status').notNull(),
    enrolments: integer('enrolments').notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.programmeId, t.status] })],
);

/** Members by registry sync state (members never queued count as not_sent, as on the sync page). */
export const dashboardSyncCounts = pgTable(
  'dashboard_sync_counts',
  {
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    state: text('state').notNull(),
    members: integer('members').notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.state] })],
);
