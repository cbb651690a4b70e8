import 'server-only';
import { and, asc, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { pgTable, text, type PgColumn } from 'drizzle-orm/pg-core';
import { db, type Db } from '@/db/client';
import { adminUnits, gazetteerImports } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { khmerKey, latinKey } from '@/lib/text/normalise';
import type { GazetteerFormat, GazetteerUnit, ParsedEdition, SkippedRow } from './types';

/** Lists in a report stop here; the counts are always complete. */
export const REPORT_CAP = 200;
const CHUNK = 4000;
// Any constant: two imports at once would each see the other's units as "added".
const IMPORT_LOCK_ID = 7_345_002;

export interface UnitChange {
  code: string;
  level: string;
  nameKm: string;
  nameLatin: string;
}
export interface UnitRename extends UnitChange {
  previousNameKm: string;
  previousNameLatin: string;
}

export interface ImportDetails {
  formats: GazetteerFormat[];
  files: string[];
  /** Provinces the edition covers: only their units can be retired by it. */
  provinces: string[];
  durationMs: number;
  skipped: { count: number; rows: SkippedRow[] };
  added: UnitChange[];
  renamed: UnitRename[];
  retired: UnitChange[];
  restored: UnitChange[];
}

export interface ImportReport {
  id: string;
  source: string;
  at: Date;
  total: number;
  added: number;
  renamed: number;
  retired: number;
  restored: number;
  details: ImportDetails;
}

// The edition, loaded into a temporary table so that every comparison and write is one statement.
const stage = pgTable('gazetteer_stage', {
  code: text('code').primaryKey(),
  level: text('level').notNull(),
  nameKm: text('name_km').notNull(),
  nameLatin: text('name_latin').notNull(),
});

async function loadStage(tx: Db, units: GazetteerUnit[]): Promise<void> {
  await tx.execute(sql`CREATE TEMP TABLE gazetteer_stage (
    code text PRIMARY KEY, level text NOT NULL, parent_code text, name_km text NOT NULL, name_latin text NOT NULL,
    type_km text NOT NULL, type_latin text NOT NULL, type_en text NOT NULL, name_km_key text NOT NULL, name_latin_key text NOT NULL
  ) ON COMMIT DROP`);
  for (let i = 0; i < units.length; i += CHUNK) {
    const rows = units.slice(i, i + CHUNK).map((u) => ({
      code: u.code,
      level: u.level,
      parent_code: u.parentCode,
      name_km: u.nameKm,
      name_latin: u.nameLatin,
      type_km: u.typeKm,
      type_latin: u.typeLatin,
      type_en: u.typeEn,
      name_km_key: khmerKey(u.nameKm),
      name_latin_key: latinKey(u.nameLatin),
    }));
    // One JSON parameter per chunk: the same on both drivers, and no parameter-count limit.
    await tx.execute(sql`INSERT INTO gazetteer_stage
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        code text, level text, parent_code text, name_km text, name_latin text,
        type_km text, type_latin text, type_en text, name_km_key text, name_latin_key text)`);
  }
  await tx.execute(sql`ANALYZE gazetteer_stage`);
}

/** A count and the first REPORT_CAP rows of one kind of change, in one query. */
async function changes<T extends object>(
  query: (total: SQL.Aliased<number>) => PromiseLike<(T & { total: number })[]>,
): Promise<{ count: number; rows: T[] }> {
  const rows = await query(sql<number>`(count(*) over ())::int`.as('total'));
  const withoutTotal = (r: T & { total: number }) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'total')) as T;
  return { count: rows[0]?.total ?? 0, rows: rows.map(withoutTotal) };
}

const unitColumns = (t: { code: PgColumn; level: PgColumn; nameKm: PgColumn; nameLatin: PgColumn }) => ({
  code: sql<string>`${t.code}`,
  level: sql<string>`${t.level}`,
  nameKm: sql<string>`${t.nameKm}`,
  nameLatin: sql<string>`${t.nameLatin}`,
});

const inScope = sql`left(${adminUnits.code}, 2) IN (SELECT DISTINCT left(code, 2) FROM gazetteer_stage)`;

async function compare(tx: Db) {
  const added = await changes<UnitChange>((total) =>
    tx
      .select({ ...unitColumns(stage), total })
      .from(stage)
      .leftJoin(adminUnits, sql`${adminUnits.code} = ${stage.code}`)
      .where(isNull(adminUnits.code))
      .orderBy(asc(stage.code))
      .limit(REPORT_CAP),
  );
  const renamed = await changes<UnitRename>((total) =>
    tx
      .select({
        ...unitColumns(stage),
        previousNameKm: adminUnits.nameKm,
        previousNameLatin: adminUnits.nameLatin,
        total,
      })
      .from(stage)
      .innerJoin(adminUnits, sql`${adminUnits.code} = ${stage.code}`)
      .where(or(sql`${adminUnits.nameKm} <> ${stage.nameKm}`, sql`${adminUnits.nameLatin} <> ${stage.nameLatin}`))
      .orderBy(asc(stage.code))
      .limit(REPORT_CAP),
  );
  const restored = await changes<UnitChange>((total) =>
    tx
      .select({ ...unitColumns(stage), total })
      .from(stage)
      .innerJoin(adminUnits, sql`${adminUnits.code} = ${stage.code}`)
      .where(isNotNull(adminUnits.retiredAt))
      .orderBy(asc(stage.code))
      .limit(REPORT_CAP),
  );
  const retired = await changes<UnitChange>((total) =>
    tx
      .select({ ...unitColumns(adminUnits), total })
      .from(adminUnits)
      .where(
        and(
          isNull(adminUnits.retiredAt),
          inScope,
          sql`NOT EXISTS (SELECT 1 FROM gazetteer_stage s WHERE s.code = ${adminUnits.code})`,
        ),
      )
      .orderBy(asc(adminUnits.code))
      .limit(REPORT_CAP),
  );
  return { added, renamed, restored, retired };
}

async function apply(tx: Db): Promise<void> {
  // Rows that did not change are not rewritten, so re-importing an edition touches nothing.
  await tx.execute(sql`INSERT INTO admin_units AS u (code, level, parent_code, name_km, name_latin, type_km, type_latin, type_en,
      name_km_key, name_latin_key)
    SELECT code, level, parent_code, name_km, name_latin, type_km, type_latin, type_en, name_km_key, name_latin_key FROM gazetteer_stage
    ON CONFLICT (code) DO UPDATE SET
      name_km = excluded.name_km, name_latin = excluded.name_latin, type_km = excluded.type_km,
      type_latin = excluded.type_latin, type_en = excluded.type_en, name_km_key = excluded.name_km_key,
      name_latin_key = excluded.name_latin_key, retired_at = NULL, updated_at = now()
    WHERE u.retired_at IS NOT NULL
      OR (u.name_km, u.name_latin, u.type_km, u.type_latin, u.type_en, u.name_km_key, u.name_latin_key)
        IS DISTINCT FROM (excluded.name_km, excluded.name_latin, excluded.type_km, excluded.type_latin, excluded.type_en,
          excluded.name_km_key, excluded.name_latin_key)`);
  await tx.execute(sql`UPDATE admin_units SET retired_at = now(), updated_at = now()
    WHERE retired_at IS NULL AND ${inScope}
      AND NOT EXISTS (SELECT 1 FROM gazetteer_stage s WHERE s.code = admin_units.code)`);
}

/**
 * Imports an edition in one transaction: units are added or updated, units of the covered
 * provinces that the edition no longer lists are retired (never deleted: old addresses keep
 * their names), retired units it lists again come back. The import row and its audit row
 * commit with the change.
 */
export async function importEdition(
  edition: ParsedEdition,
  opts: { actorId: string | null; source: string },
): Promise<ImportReport> {
  const started = performance.now();
  return db().transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_ID})`);
    await loadStage(tx, edition.units);
    const c = await compare(tx);
    await apply(tx);
    const provinces = [...new Set(edition.units.map((u) => u.code.slice(0, 2)))].sort();
    const details: ImportDetails = {
      formats: edition.formats,
      files: edition.files,
      provinces,
      durationMs: Math.round(performance.now() - started),
      skipped: { count: edition.skipped.length, rows: edition.skipped.slice(0, REPORT_CAP) },
      added: c.added.rows,
      renamed: c.renamed.rows,
      retired: c.retired.rows,
      restored: c.restored.rows,
    };
    const counts = {
      total: edition.units.length,
      added: c.added.count,
      renamed: c.renamed.count,
      retired: c.retired.count,
      restored: c.restored.count,
    };
    const [row] = await tx
      .insert(gazetteerImports)
      .values({ source: opts.source, ...counts, details, actorId: opts.actorId })
      .returning();
    await writeAudit(tx, {
      operatorId: null,
      actorId: opts.actorId,
      action: 'gazetteer.import',
      entityType: 'gazetteer_import',
      entityId: row!.id,
      after: { source: opts.source, formats: edition.formats, ...counts, skipped: edition.skipped.length },
    });
    return { id: row!.id, source: row!.source, at: row!.at, ...counts, details };
  });
}
