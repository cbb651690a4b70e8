import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';

// The levels live in lib/gazetteer/levels.ts (record pages name them); the schema re-exports them.
export { UNIT_LEVELS, type UnitLevel } from '@/lib/gazetteer/levels';

/**
 * Provinces, districts, communes and villages in one table: the level follows from the code
 * length (2, 4, 6, 8 digits) and each code starts with its parent's. Units a newer edition no
 * longer lists are retired, never deleted, so old addresses stay readable.
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    code: text('code').primaryKey(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    nameKm: text('name_km').notNull(),
    nameLatin: text('name_latin').notNull(),
    typeKm: text('type_km').notNull(),
    typeLatin: text('type_latin').notNull(),
    typeEn: text('type_en').notNull(),
    // Search keys: normalised Khmer (lib/text/normalise.ts) and lower-case unaccented Latin.
    nameKmKey: text('name_km_key').notNull(),
    nameLatinKey: text('name_latin_key').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('admin_units_parent_idx').on(t.parentCode, t.code),
    index('admin_units_level_idx').on(t.level, t.code),
    index('admin_units_km_trgm').using('gin', sql`${t.nameKmKey} gin_trgm_ops`),
    index('admin_units_latin_trgm').using('gin', sql`${t.nameLatinKey} gin_trgm_ops`),
    check('admin_units_level_ck', sql`${t.level} IN ('province', 'district', 'commune', 'village')`),
    check('admin_units_code_ck', sql`${t.code} ~ '^[0-9]{2}([0-9]{2}){0,3}$'`),
  ],
);

/** One row per import of a gazetteer edition, with what it changed. */
export const gazetteerImports = pgTable('gazetteer_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  source: text('source').notNull(),
  total: integer('total').notNull(),
  added: integer('added').notNull(),
  renamed: integer('renamed').notNull(),
  retired: integer('retired').notNull(),
  restored: integer('restored').notNull(),
  details: jsonb('details').notNull(),
  actorId: uuid('actor_id').references(() => users.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

export type AdminUnitRow = typeof adminUnits.$inferSelect;
