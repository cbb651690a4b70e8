import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { BenefitRules } from '@/lib/programmes/rules';
import { BENEFIT_TYPES, CURRENCIES, FREQUENCIES, PROGRAMME_STATUSES } from '@/lib/programmes/values';
import { operators, users } from './accounts';
import { inList } from './in-list';

export { BENEFIT_TYPES, CURRENCIES, FREQUENCIES, PROGRAMME_STATUSES } from '@/lib/programmes/values';

/** A benefit programme of one operator (issue 10). Its rules are data, validated by lib/programmes/rules.ts. */
export const programmes = pgTable(
  'programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    code: text('code').notNull(),
    nameKm: text('name_km').notNull(),
    nameEn: text('name_en').notNull(),
    description: text('description'),
    benefitType: text('benefit_type').notNull(),
    currency: text('currency').notNull(),
    frequency: text('frequency').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    status: text('status').notNull().default('draft'),
    /** Parsed by `benefitRules` before every write; its currency equals `currency`. */
    rules: jsonb('rules').$type<BenefitRules>().notNull(),
    /** Optimistic concurrency: every update bumps it; a save over a newer version is refused. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('programmes_operator_code_uq').on(t.operatorId, t.code),
    index('programmes_operator_status_idx').on(t.operatorId, t.status),
    check('programmes_benefit_type_ck', sql`${t.benefitType} IN (${inList(BENEFIT_TYPES)})`),
    check('programmes_currency_ck', sql`${t.currency} IN (${inList(CURRENCIES)})`),
    check('programmes_frequency_ck', sql`${t.frequency} IN (${inList(FREQUENCIES)})`),
    check('programmes_status_ck', sql`${t.status} IN (${inList(PROGRAMME_STATUSES)})`),
    check('programmes_dates_ck', sql`${t.endDate} IS NULL OR ${t.endDate} >= ${t.startDate}`),
    check('programmes_rules_currency_ck', sql`${t.rules}->>'currency' = ${t.currency}`),
  ],
);

export type ProgrammeRow = typeof programmes.$inferSelect;
