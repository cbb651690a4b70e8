import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// The values live in plain lib modules that client components may import; the schema re-exports them.
export { ROLES, type Role } from '@/lib/auth/roles';
export { LOCALES, type Locale } from '@/lib/i18n/locales';

export const operators = pgTable(
  'operators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    nameKm: text('name_km').notNull(),
    nameEn: text('name_en').notNull(),
    active: boolean('active').notNull().default(true),
    /** X-Road-Represented-Party `[class/]code` sent on this operator's CamDX calls; NULL: none sent. */
    camdxRepresentedParty: text('camdx_represented_party'),
    /** The public grievance page (no sign-in) is off until the operator's administrator turns it on. */
    publicGrievances: boolean('public_grievances').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('operators_code_uq').on(t.code)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // NULL only for platform administrators, who belong to no operator.
    operatorId: uuid('operator_id').references(() => operators.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** NULL until the user chooses: the sign-in page's language (cookie) or the browser's applies. */
    locale: text('locale'),
    // Failures counted within a 15-minute window that starts at the first failure.
    failedAttempts: integer('failed_attempts').notNull().default(0),
    failureWindowStartedAt: timestamp('failure_window_started_at', { withTimezone: true }),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    index('users_operator_idx').on(t.operatorId),
    check(
      'users_scope_ck',
      sql`(${t.isPlatformAdmin} AND ${t.operatorId} IS NULL) OR (NOT ${t.isPlatformAdmin} AND ${t.operatorId} IS NOT NULL)`,
    ),
    check('users_locale_ck', sql`${t.locale} IS NULL OR ${t.locale} IN ('km', 'en')`),
  ],
);

/** Server-side record of each sign-in, so that sign-out, idle time-out and deactivation take effect at once. */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/** Sign-in attempts per client address, for rate limiting across app instances. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientAddress: text('client_address').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_addr_at_idx').on(t.clientAddress, t.at)],
);

/** One-time link for creating the first platform administrator; only a hash is stored. */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export type OperatorRow = typeof operators.$inferSelect;
export type UserRow = typeof users.$inferSelect;
