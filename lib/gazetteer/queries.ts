import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { adminUnits, type UnitLevel } from '@/db/schema';
import { hasKhmer, khmerKey, latinKey } from '@/lib/text/normalise';
import { UNIT_CODE } from './unit-types';

export interface UnitOption {
  code: string;
  level: UnitLevel;
  nameKm: string;
  nameLatin: string;
  typeKm: string;
  typeLatin: string;
  typeEn: string;
}

const optionColumns = {
  code: adminUnits.code,
  level: sql<UnitLevel>`${adminUnits.level}`,
  nameKm: adminUnits.nameKm,
  nameLatin: adminUnits.nameLatin,
  typeKm: adminUnits.typeKm,
  typeLatin: adminUnits.typeLatin,
  typeEn: adminUnits.typeEn,
};

/** The units under `code` (the provinces when null) that are not retired, in code order. */
export async function childrenOf(code: string | null): Promise<UnitOption[]> {
  const parent = code === null ? eq(adminUnits.level, 'province') : eq(adminUnits.parentCode, code);
  return db()
    .select(optionColumns)
    .from(adminUnits)
    .where(and(parent, isNull(adminUnits.retiredAt)))
    .orderBy(asc(adminUnits.code));
}

export interface Names {
  km: string;
  latin: string;
}
export interface VillageMatch {
  code: string;
  village: Names;
  commune: Names;
  district: Names;
  province: Names;
}

/** `%`, `_` and `\` in a search key match themselves. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The search key of a type-ahead query: Khmer when it has Khmer letters, else Latin; '' when nothing is left. */
export function villageSearchKey(q: string): { script: 'km' | 'latin'; key: string } {
  return hasKhmer(q) ? { script: 'km', key: khmerKey(q) } : { script: 'latin', key: latinKey(q) };
}

/**
 * Villages (not retired) whose Khmer or Latin name contains the query, with the names of their
 * commune, district and province. Exact names first, then names starting with the query, then
 * the shorter names; the trigram indexes on the key columns serve the `LIKE '%…%'`.
 */
export async function searchVillages(q: string, limit: number): Promise<VillageMatch[]> {
  const { script, key } = villageSearchKey(q);
  if (!key) return [];
  const c = alias(adminUnits, 'c');
  const d = alias(adminUnits, 'd');
  const p = alias(adminUnits, 'p');
  const column = script === 'km' ? adminUnits.nameKmKey : adminUnits.nameLatinKey;
  const rows = await db()
    .select({
      code: adminUnits.code,
      vKm: adminUnits.nameKm,
      vLatin: adminUnits.nameLatin,
      cKm: c.nameKm,
      cLatin: c.nameLatin,
      dKm: d.nameKm,
      dLatin: d.nameLatin,
      pKm: p.nameKm,
      pLatin: p.nameLatin,
    })
    .from(adminUnits)
    .innerJoin(c, eq(c.code, adminUnits.parentCode))
    .innerJoin(d, eq(d.code, c.parentCode))
    .innerJoin(p, eq(p.code, d.parentCode))
    .where(
      and(eq(adminUnits.level, 'village'), isNull(adminUnits.retiredAt), sql`${column} LIKE ${`%${likeEscape(key)}%`}`),
    )
    .orderBy(
      sql`${column} = ${key} DESC`,
      sql`strpos(${column}, ${key}) = 1 DESC`,
      sql`length(${column})`,
      asc(adminUnits.code),
    )
    .limit(Math.min(Math.max(Math.trunc(limit), 1), 50));
  return rows.map((r) => ({
    code: r.code,
    village: { km: r.vKm, latin: r.vLatin },
    commune: { km: r.cKm, latin: r.cLatin },
    district: { km: r.dKm, latin: r.dLatin },
    province: { km: r.pKm, latin: r.pLatin },
  }));
}

export interface UnitPathEntry extends UnitOption {
  retired: boolean;
}

/**
 * The unit and the units above it, province first, retired ones included: an address recorded
 * before a unit was retired must still read as it did. Null when the code was never imported.
 */
export async function describeUnit(code: string): Promise<UnitPathEntry[] | null> {
  if (!UNIT_CODE.test(code)) return null;
  const codes = [2, 4, 6, 8].filter((n) => n <= code.length).map((n) => code.slice(0, n));
  const rows = await db()
    .select({ ...optionColumns, retiredAt: adminUnits.retiredAt })
    .from(adminUnits)
    .where(inArray(adminUnits.code, codes))
    .orderBy(asc(adminUnits.code));
  if (!rows.some((r) => r.code === code)) return null;
  return rows.map(({ retiredAt, ...r }) => ({ ...r, retired: retiredAt !== null }));
}
