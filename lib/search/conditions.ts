import 'server-only';
import { and, eq, gte, inArray, isNotNull, isNull, lte, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { households, members } from '@/db/schema';
import { ownedBy, type BoundTenant, type Tenant } from '@/lib/auth/scope';
import type { ParsedQuery } from './parse';
import type { SearchParams } from './schema';
import type { StatsIndex } from './stats';

/** A stretch of the name order, between two jump points, searched on its own. */
export interface Region {
  /** Sort keys from this one (inclusive)… */
  from?: string;
  /** …to this one (exclusive). */
  to?: string;
  /** Conditions implied by the match within this stretch that a GIN index answers. */
  indexed: SQL[];
  /** The index's pieces those conditions ask for (each group: one of them), to judge the cost. */
  pieces?: Pieces;
}

export interface Pieces {
  index: StatsIndex;
  /** Name pieces: each group must hold one of its pieces (they go together: one name's pieces). */
  groups: string[][];
  /** Area entries, all required: independent of the name, so their shares multiply. */
  areas?: string[];
  /** The groups are different words (Latin), nearly independent; else pieces of one fragment. */
  words?: boolean;
}

/** How a name query is matched. */
export interface NameMatch {
  /** The rule itself: cheap per row (no index needed), so a walk in name order can check it. */
  exact: SQL;
  /** Implied by `exact` and answered by a GIN index (none for a one-letter fragment). */
  indexed: SQL[];
  pieces?: Pieces;
  /**
   * The name order split where matches bunch up: a surname's bearers sit in one block of it,
   * starting at the surname itself. Each stretch is searched in turn, so that no walk crosses the
   * whole order to reach that block.
   */
  regions: Region[];
}

const textArray = (items: string[]) =>
  sql`array[${sql.join(
    items.map((i) => sql`${i}`),
    sql`, `,
  )}]::text[]`;

/** The two-letter pieces of a Khmer key, as sdp_name_pieces cuts them (by code point), unmarked. */
export function bigrams(key: string): string[] {
  const chars = [...key];
  return [...new Set(chars.slice(1).map((c, i) => `${chars[i]!}${c}`))];
}

// The GIN indexes' expressions (db/schema/households.ts, migrations 0016 and 0017), written identically.
const kmPieces = sql`(sdp_name_pieces(${members.nameKmKey}, ${members.surnameKmKey}) || sdp_area_keys(${members.villageCode}))`;
export const latinPieces = sql`(sdp_word_prefixes(${members.nameLatinSkeleton}) || sdp_area_keys(${members.villageCode})
  || sdp_block_prefixes(${members.nameLatinSkeleton}, ${members.nameLatinSort}))`;

/** Every group must hold one of its pieces: one `&&` each (or one `@>` for all single pieces). */
function holdsGroups(expr: SQL, groups: string[][]): SQL[] {
  const singles = groups.filter((g) => g.length === 1).map((g) => g[0]!);
  return [
    ...(singles.length ? [sql`${expr} @> ${textArray(singles)}`] : []),
    ...groups.filter((g) => g.length > 1).map((g) => sql`${expr} && ${textArray(g)}`),
  ];
}

/**
 * Where a Khmer fragment's first piece may stand in the pieces index (sdp_name_pieces): at the
 * name's start ('^'), at the given name's start ('~') or inside a word (unmarked). Its other pieces
 * never start the name, but one may start the given name when the fragment spans the two.
 */
export type KhmerPlace = 'start' | 'given' | 'inside';
const MARK: Record<KhmerPlace, string> = { start: '^', given: '~', inside: '' };

/** The GIN conditions and pieces for a fragment's matches at these places (all in the area). */
export function khmerPieces(
  key: string,
  places: KhmerPlace[],
  area?: string,
): { indexed: SQL[]; pieces: Pieces } | undefined {
  const [head, ...rest] = bigrams(key);
  if (!head) return undefined;
  const groups = [places.map((p) => `${MARK[p]}${head}`), ...rest.map((b) => [b, `~${b}`])];
  const pieces: Pieces = { index: 'members_name_km_pieces', groups, areas: area ? [area] : [] };
  return { indexed: khmerIndexed(pieces), pieces };
}

/** The GIN conditions for Khmer pieces: every group and area held. */
export function khmerIndexed(pieces: Pieces): SQL[] {
  return holdsGroups(kmPieces, [...pieces.groups, ...(pieces.areas ?? []).map((a) => [a])]);
}

/**
 * The finest area a search names, as its entry in the GIN indexes ('@' + code, sdp_area_keys).
 * With it, "this name in this district" reads only rows holding both, however common the name.
 */
export function areaKey(p: SearchParams): string | undefined {
  const code = p.village ?? p.commune ?? p.district ?? p.province;
  return code ? `@${code}` : undefined;
}

function khmerName(key: string, area: string | undefined): NameMatch {
  const exact = sql`strpos(${members.nameKmKey}, ${key}) > 0`;
  const anywhere = khmerPieces(key, ['start', 'given', 'inside'], area);
  if (!anywhere) {
    const indexed = area ? [sql`${kmPieces} @> ${textArray([area])}`] : [];
    const pieces: Pieces | undefined = area
      ? { index: 'members_name_km_pieces', groups: [], areas: [area] }
      : undefined;
    return { exact, indexed, pieces, regions: [{ indexed, pieces }] };
  }
  // Names sorting before the fragment cannot start with it (such a name sorts after it).
  const notAtStart = khmerPieces(key, ['given', 'inside'], area)!;
  const regions: Region[] = [
    { to: key, ...notAtStart },
    { from: key, ...anywhere },
  ];
  return { exact, ...anywhere, regions };
}

/**
 * Each Latin word begins a word of the name, compared as spelling skeletons (migration 0005), so
 * "sokkha" finds Sokha and Sokhar and "dara sok" finds "Sok Dara". `skeletons` are the words'
 * skeletons, computed by the same SQL function.
 */
function latinName(words: string[], skeletons: string[], area: string | undefined): NameMatch {
  const exact = and(
    ...skeletons.map(
      (s) =>
        sql`(starts_with(${members.nameLatinSkeleton}, ${s}) or strpos(${members.nameLatinSkeleton}, ${` ${s}`}) > 0)`,
    ),
  )!;
  // Each skeleton (its first eight letters) begins a word of the name (sdp_word_prefixes), in the area.
  const prefixes = [...new Set(skeletons.map((s) => s.slice(0, 8)))];
  const areas = area ? [area] : [];
  const indexed = [sql`${latinPieces} @> ${textArray([...prefixes, ...areas])}`];
  const pieces: Pieces = { index: 'members_name_latin_pieces', groups: prefixes.map((p) => [p]), areas, words: true };
  // A Latin name sorts by its first written word: split at the first two letters of each word.
  const jumps = [...new Set(words.map((w) => w.slice(0, 2)))].sort();
  const regions: Region[] = [...jumps, undefined].map((to, i) => ({ from: jumps[i - 1], to, indexed, pieces }));
  return { exact, indexed, pieces, regions };
}

export function nameMatch(q: ParsedQuery, skeletons: string[], area?: string): NameMatch | undefined {
  const nothing = { exact: sql`false`, indexed: [], regions: [{ indexed: [] }] };
  if (q.kind === 'khmerName') return q.key ? khmerName(q.key, area) : nothing;
  if (q.kind === 'latinName') return skeletons.length ? latinName(q.words, skeletons, area) : nothing;
  return undefined;
}

/** Members of the operator's households that have this phone or IDPoor number. */
function householdMembers(actor: Tenant | BoundTenant, match: SQL) {
  return db()
    .select({ id: members.id })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(and(ownedBy(members, actor), ownedBy(households, actor), match));
}

/** A look-up's terms: the query's own, or placeholders of a statement kept per shape (search.ts). */
export type LookupTerms =
  | { kind: 'number'; khmerId: Bind | null; phone: Bind | null; idpoor: Bind | null }
  | { kind: 'householdCode'; code: Bind };
type Bind = string | Placeholder;

/**
 * Exact look-ups, each through its own index; the union is joined back as `id IN (…)` so that
 * PostgreSQL drives the search from these few rows rather than filtering every member with an OR.
 */
export function lookupCondition(actor: Tenant | BoundTenant, q: ParsedQuery | LookupTerms): SQL | undefined {
  if (q.kind === 'householdCode') {
    return inArray(
      members.householdId,
      db()
        .select({ id: households.id })
        .from(households)
        .where(and(ownedBy(households, actor), eq(households.code, q.code))),
    );
  }
  if (q.kind !== 'number') return undefined;
  const own = ownedBy(members, actor);
  const parts = [
    ...(q.khmerId
      ? [
          db()
            .select({ id: members.id })
            .from(members)
            .where(and(own, eq(members.khmerId, q.khmerId))),
        ]
      : []),
    ...(q.phone
      ? [
          db()
            .select({ id: members.id })
            .from(members)
            .where(and(own, eq(members.phone, q.phone))),
          householdMembers(actor, eq(households.phone, q.phone)),
        ]
      : []),
    ...(q.idpoor ? [householdMembers(actor, eq(households.idpoorNumber, q.idpoor))] : []),
  ];
  const [first, second, ...rest] = parts;
  if (!first) return sql`false`;
  return inArray(members.id, second ? unionAll(first, second, ...rest) : first);
}

/** Today's date in Cambodia (UTC+7, no daylight saving), as year, month, day. */
function todayInCambodia(now: Date): { y: number; m: number; d: number } {
  const t = new Date(now.getTime() + 7 * 3_600_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The date `years` before today, as YYYY-MM-DD (29 February falls back to the 28th). */
function yearsAgo(today: { y: number; m: number; d: number }, years: number, plusDays = 0): string {
  const date = new Date(Date.UTC(today.y - years, today.m - 1, today.d));
  if (date.getUTCMonth() !== today.m - 1) date.setUTCDate(0);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString().slice(0, 10);
}

/**
 * Age in whole years on today's date when the birth date is known; otherwise from the birth year
 * alone (this year minus the birth year), which is all an estimated age gives.
 */
function ageCondition(min: number | undefined, max: number | undefined, now: Date): SQL | undefined {
  if (min === undefined && max === undefined) return undefined;
  const today = todayInCambodia(now);
  const byDate = and(
    isNotNull(members.birthDate),
    min === undefined ? undefined : lte(members.birthDate, yearsAgo(today, min)),
    max === undefined ? undefined : gte(members.birthDate, yearsAgo(today, max + 1, 1)),
  );
  const byYear = and(
    isNull(members.birthDate),
    min === undefined ? undefined : lte(members.birthYear, today.y - min),
    max === undefined ? undefined : gte(members.birthYear, today.y - max),
  );
  return or(byDate, byYear);
}

export function memberFilters(p: SearchParams, now: Date): SQL[] {
  return [
    p.sex ? eq(members.sex, p.sex) : undefined,
    p.status ? eq(members.status, p.status) : undefined,
    p.disability === undefined ? undefined : eq(members.hasDisability, p.disability),
    ageCondition(p.ageMin, p.ageMax, now),
  ].filter((c): c is SQL => c !== undefined);
}

/**
 * The household's address. `drive`: as "the member's household is one of these", so that
 * PostgreSQL may start from the households (an address-only search). The finest code given is
 * enough: the schema has checked that the coarser ones agree with it.
 */
export function areaFilter(actor: Tenant, p: SearchParams, drive: boolean): SQL | undefined {
  const code = p.village ?? p.commune ?? p.district ?? p.province;
  if (!code) return undefined;
  // Checked on the member's own copy of its household's village (migration 0012): a plain column
  // of the covering sort indexes, so a walk in name order needs no household look-up.
  if (!drive) return sql`starts_with(${members.villageCode}, ${code})`;
  const area = p.village
    ? eq(households.villageCode, p.village)
    : p.commune
      ? eq(households.communeCode, p.commune)
      : p.district
        ? eq(households.districtCode, p.district)
        : eq(households.provinceCode, code);
  return inArray(
    members.householdId,
    db()
      .select({ id: households.id })
      .from(households)
      .where(and(ownedBy(households, actor), area)),
  );
}
