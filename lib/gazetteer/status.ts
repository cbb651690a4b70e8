import 'server-only';
import { desc, eq, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { adminUnits, gazetteerImports, users, UNIT_LEVELS, type UnitLevel } from '@/db/schema';
import type { ImportDetails } from './import';

export interface GazetteerStatus {
  /** False until an edition has been imported: addresses cannot be entered before. */
  imported: boolean;
}

/** Cheap enough for every home page: one indexed row at most. */
export async function gazetteerStatus(): Promise<GazetteerStatus> {
  const [row] = await db()
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(isNull(adminUnits.retiredAt))
    .limit(1);
  return { imported: Boolean(row) };
}

export interface LevelCount {
  level: UnitLevel;
  active: number;
  retired: number;
}

export async function levelCounts(): Promise<LevelCount[]> {
  const rows = await db()
    .select({
      level: adminUnits.level,
      active: sql<number>`(count(*) filter (where ${adminUnits.retiredAt} is null))::int`,
      retired: sql<number>`(count(*) filter (where ${adminUnits.retiredAt} is not null))::int`,
    })
    .from(adminUnits)
    .groupBy(adminUnits.level);
  return UNIT_LEVELS.map((level) => {
    const r = rows.find((x) => x.level === level);
    return { level, active: r?.active ?? 0, retired: r?.retired ?? 0 };
  });
}

export interface ImportSummary {
  id: string;
  at: Date;
  source: string;
  actorName: string | null;
  total: number;
  added: number;
  renamed: number;
  retired: number;
  restored: number;
  details: ImportDetails;
}

export async function listImports(limit = 10): Promise<ImportSummary[]> {
  const rows = await db()
    .select({
      id: gazetteerImports.id,
      at: gazetteerImports.at,
      source: gazetteerImports.source,
      actorName: users.name,
      total: gazetteerImports.total,
      added: gazetteerImports.added,
      renamed: gazetteerImports.renamed,
      retired: gazetteerImports.retired,
      restored: gazetteerImports.restored,
      details: gazetteerImports.details,
    })
    .from(gazetteerImports)
    .leftJoin(users, eq(users.id, gazetteerImports.actorId))
    .orderBy(desc(gazetteerImports.at))
    .limit(limit);
  return rows.map((r) => ({ ...r, details: r.details as ImportDetails }));
}
