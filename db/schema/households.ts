import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Disability } from '@/lib/households/values';
import { operators, users } from './accounts';
import { adminUnits } from './gazetteer';

// The coded values live in lib/households/values.ts (the forms read them); the schema re-exports them.
export {
  HOUSEHOLD_STATUSES,
  MARITAL_STATUSES,
  MEMBER_STATUSES,
  RELATIONSHIPS,
  SEXES,
  WG_DOMAINS,
  WG_LEVELS,
  type Disability,
  type Relationship,
  type Sex,
} from '@/lib/households/values';

/** Per-operator counters (household codes such as PWDF-000123). */
export const operatorSequences = pgTable(
  'operator_sequences',
  {
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    name: text('name').notNull(),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.name] })],
);

export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    code: text('code').notNull(),
    villageCode: text('village_code')
      .notNull()
      .references(() => adminUnits.code),
    communeCode: text('commune_code').generatedAlwaysAs(sql`left(village_code, 6)`),
    districtCode: text('district_code').generatedAlwaysAs(sql`left(village_code, 4)`),
    provinceCode: text('province_code').generatedAlwaysAs(sql`left(village_code, 2)`),
    addressLine: text('address_line'),
    idpoorNumber: text('idpoor_number'),
    idpoorLevel: smallint('idpoor_level'),
    phone: text('phone'),
    notes: text('notes'),
    status: text('status').notNull().default('active'),
    /** Optimistic concurrency: every update bumps it; a save over a newer version is refused. */
    version: integer('version').notNull().default(1),
    /** Idempotent bulk import: the same source row never creates a second household. */
    importKey: text('import_key'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('households_operator_code_uq').on(t.operatorId, t.code),
    uniqueIndex('households_operator_import_key_uq')
      .on(t.operatorId, t.importKey)
      .where(sql`${t.importKey} IS NOT NULL`),
    // Member search reads the ids of an area's households from these alone (index-only, with id).
    index('households_operator_village_idx').on(t.operatorId, t.villageCode, t.id),
    index('households_operator_commune_idx').on(t.operatorId, t.communeCode, t.id),
    index('households_operator_district_idx').on(t.operatorId, t.districtCode, t.id),
    index('households_operator_province_idx').on(t.operatorId, t.provinceCode, t.id),
    index('households_operator_idpoor_idx').on(t.operatorId, t.idpoorNumber),
    index('households_operator_phone_idx').on(t.operatorId, t.phone),
    check('households_idpoor_level_ck', sql`${t.idpoorLevel} IS NULL OR ${t.idpoorLevel} IN (1, 2)`),
    check('households_status_ck', sql`${t.status} IN ('active', 'closed')`),
  ],
);

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /**
     * The household's village, copied here by triggers (migration 0012) so that a name search can
     * narrow by area inside one GIN index scan (sdp_area_keys) and check it while walking name order.
     */
    villageCode: text('village_code'),
    surnameKm: text('surname_km').notNull(),
    givenNameKm: text('given_name_km').notNull(),
    surnameLatin: text('surname_latin'),
    givenNameLatin: text('given_name_latin'),
    /** Normalised Khmer name without spaces (lib/text/normalise.ts), for search and duplicates. */
    nameKmKey: text('name_km_key').notNull(),
    /**
     * The surname's own key (sdp_khmer_key, migration 0016): where the given name starts in
     * name_km_key, so that search can tell a given name's start from its inside (sdp_name_pieces).
     */
    surnameKmKey: text('surname_km_key').generatedAlwaysAs(sql`sdp_khmer_key(surname_km)`),
    /** Lower-case Latin name, words sorted: order-insensitive. */
    nameLatinKey: text('name_latin_key'),
    /** Spelling skeleton of the Latin key (sdp_latin_skeleton, migration 0005): Sokha/Sokhar/Sokkha meet. */
    nameLatinSkeleton: text('name_latin_skeleton').generatedAlwaysAs(sql`sdp_latin_skeleton(name_latin_key)`),
    /** Sort key in English: the Latin name as written, else the Khmer key (after all Latin names). */
    nameLatinSort: text('name_latin_sort').generatedAlwaysAs(
      sql`lower(coalesce(nullif(btrim(coalesce(surname_latin, '') || ' ' || coalesce(given_name_latin, '')), ''), name_km_key))`,
    ),
    sex: text('sex').notNull(),
    birthDate: date('birth_date'),
    birthYear: smallint('birth_year').notNull(),
    birthEstimated: boolean('birth_estimated').notNull().default(false),
    relationship: text('relationship').notNull(),
    khmerId: text('khmer_id'),
    birthCertificateNo: text('birth_certificate_no'),
    phone: text('phone'),
    disability: jsonb('disability').$type<Disability>(),
    hasDisability: boolean('has_disability').notNull().default(false),
    /**
     * The day `disability` took its present value (set by a trigger, migration 0019); the values it
     * had before are in member_disability_history, so that a rule reads the level on the payment date.
     */
    disabilitySince: date('disability_since'),
    /** A chronic illness (as recorded by the operator); benefit rules may ask for it. */
    chronicIllness: boolean('chronic_illness').notNull().default(false),
    maritalStatus: text('marital_status'),
    status: text('status').notNull().default('active'),
    deathDate: date('death_date'),
    exitDate: date('exit_date'),
    exitReason: text('exit_reason'),
    version: integer('version').notNull().default(1),
    importKey: text('import_key'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('members_operator_household_idx').on(t.operatorId, t.householdId),
    index('members_operator_khmer_id_idx')
      .on(t.operatorId, t.khmerId)
      .where(sql`${t.khmerId} IS NOT NULL`),
    index('members_operator_phone_idx')
      .on(t.operatorId, t.phone)
      .where(sql`${t.phone} IS NOT NULL`),
    index('members_operator_name_km_idx').on(t.operatorId, t.nameKmKey, t.sex),
    // The duplicate check of an enrolment or edit (lib/households/dedupe.ts): the operator's people of
    // one sex, born within a year, living in one commune (its villages' codes are one range).
    index('members_dedupe_idx').on(t.operatorId, t.sex, t.birthYear, t.villageCode),
    // No trigram index: duplicate checks compare similarity() within a commune's few members, and
    // search uses the piece indexes below; two unused GIN indexes only slowed every insert.
    // Beginnings of the skeleton's words (sdp_word_prefixes, migration 0005): Latin type-ahead; and
    // two-letter pieces of the Khmer key (sdp_name_pieces, migration 0016): fragments too short for pg_trgm. Each
    // with the member's areas (sdp_area_keys, migration 0012), so that "this name in this district"
    // is one GIN scan that reads only the rows holding both (lib/search/conditions.ts writes the
    // same expressions: they must stay identical for PostgreSQL to use these indexes).
    index('members_name_latin_pieces').using(
      'gin',
      sql`(sdp_word_prefixes(${t.nameLatinSkeleton}) || sdp_area_keys(${t.villageCode}) || sdp_block_prefixes(${t.nameLatinSkeleton}, ${t.nameLatinSort}))`,
    ),
    index('members_name_km_pieces').using(
      'gin',
      sql`(sdp_name_pieces(${t.nameKmKey}, ${t.surnameKmKey}) || sdp_area_keys(${t.villageCode}))`,
    ),
    // The search's covering sort indexes (Khmer ICU collation where it exists) are in migration 0007:
    // drizzle cannot express INCLUDE or a collation that only some servers have.
    uniqueIndex('members_operator_import_key_uq')
      .on(t.operatorId, t.importKey)
      .where(sql`${t.importKey} IS NOT NULL`),
    check('members_sex_ck', sql`${t.sex} IN ('F', 'M')`),
    check('members_status_ck', sql`${t.status} IN ('active', 'deceased', 'exited')`),
    check('members_khmer_id_ck', sql`${t.khmerId} IS NULL OR ${t.khmerId} ~ '^[0-9]{9}$'`),
    check(
      'members_relationship_ck',
      sql`${t.relationship} IN ('head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other_relative', 'non_relative')`,
    ),
  ],
);

/**
 * The values a member's disability held before its present one: `disability` held on days
 * [valid_from, valid_to). Written only by the trigger of migration 0019.
 */
export const memberDisabilityHistory = pgTable(
  'member_disability_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    disability: jsonb('disability').$type<Disability>(),
    validFrom: date('valid_from'),
    validTo: date('valid_to').notNull(),
  },
  (t) => [index('member_disability_history_member_idx').on(t.memberId, t.validTo)],
);

/** A bulk import of households and members from a CSV or XLSX file. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    status: text('status').notNull().default('validating'),
    totalRows: integer('total_rows').notNull().default(0),
    invalidRows: integer('invalid_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdHouseholds: integer('created_households').notNull().default(0),
    createdMembers: integer('created_members').notNull().default(0),
    skippedRows: integer('skipped_rows').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_operator_idx').on(t.operatorId, t.createdAt)],
);

/** Why a row of an import was refused; the downloadable report is built from these. */
export const importJobErrors = pgTable(
  'import_job_errors',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    rowNumber: integer('row_number').notNull(),
    errors: jsonb('errors').$type<Record<string, string[]>>().notNull(),
    raw: jsonb('raw').$type<Record<string, string>>(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

export type HouseholdRow = typeof households.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
