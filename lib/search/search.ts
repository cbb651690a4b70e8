import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type Db } from '@/db/client';
import { adminUnits, households, members } from '@/db/schema';
import type { Locale } from '@/db/schema/accounts';
import type { OperatorUser } from '@/lib/auth/guards';
import { BOUND_TENANT, bindTenant, ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { areaFilter, areaKey, lookupCondition, memberFilters, nameMatch, type LookupTerms } from './conditions';
import { encodeCursor, type Sort } from './cursor';
import { matchKinds, parseQuery, type MatchKind, type ParsedQuery } from './parse';
import { DEFAULT_PAGE_SIZE, type SearchParams } from './schema';
import { findKhmerFragment } from './khmer';
import { findLatinWords } from './latin';
import { boundsOn, findIds, planMode, type IdQuery, type IdRow, type Tx } from './plan';
import { rowsOf } from '@/db/rows';
import { arrayLiteral } from '@/db/arrays';
import { sortFor, sortKey } from './sort';

/** One member found, with the household and place it belongs to: what the results list shows. */
export interface MemberHit {
  memberId: string;
  surnameKm: string;
  givenNameKm: string;
  surnameLatin: string | null;
  givenNameLatin: string | null;
  sex: string;
  birthDate: string | null;
  birthYear: number;
  birthEstimated: boolean;
  status: string;
  /**
   * The Khmer ID with all but its last 3 digits hidden: enough to tell two namesakes apart in a
   * list that is read over shoulders and screenshotted, without putting whole identity numbers
   * on every screen. The member's own page (issue 3, elsewhere) shows it in full.
   */
  khmerIdMasked: string | null;
  /** Social Protection ID from the national registry: arrives with issue 4 (registry sync). */
  spid: string | null;
  householdId: string;
  householdCode: string;
  villageCode: string;
  villageNameKm: string | null;
  villageNameLatin: string | null;
  communeNameKm: string | null;
  communeNameLatin: string | null;
}

export interface SearchResult {
  items: MemberHit[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** What the text was matched as ([] when there was none). */
  matchedAs: MatchKind[];
  sort: Sort;
}

const village = alias(adminUnits, 'village');
const commune = alias(adminUnits, 'commune');

// The search's statements run in one transaction, which its first planner mode sets up (plan.ts
// planMode: no JIT, no parallel workers, a statement timeout, custom plans).
function inSearchTransaction<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  return db().transaction(run);
}

/** The skeletons of the query's Latin words, by the very function that filled the stored column. */
export async function latinSkeletons(tx: Tx, words: string[]): Promise<string[]> {
  const result = await tx.execute(
    sql`select coalesce(array_agg(sdp_latin_skeleton(w)), '{}') as "s" from unnest(${sql`array[${sql.join(
      words.map((w) => sql`${w}`),
      sql`, `,
    )}]::text[]`}) as w`,
  );
  return ((rowsOf(result)[0]?.s ?? []) as string[]).filter(Boolean);
}

/** What a result row shows (MemberHit), selected with members joined to their household and place. */
const hitColumns = {
  memberId: members.id,
  surnameKm: members.surnameKm,
  givenNameKm: members.givenNameKm,
  surnameLatin: members.surnameLatin,
  givenNameLatin: members.givenNameLatin,
  sex: members.sex,
  birthDate: members.birthDate,
  birthYear: members.birthYear,
  birthEstimated: members.birthEstimated,
  status: members.status,
  // Masked in the database: the whole number never reaches the list.
  khmerIdMasked: sql<
    string | null
  >`case when ${members.khmerId} is null then null else '******' || right(${members.khmerId}, 3) end`,
  spid: sql<string | null>`null`,
  householdId: households.id,
  householdCode: households.code,
  villageCode: households.villageCode,
  villageNameKm: village.nameKm,
  villageNameLatin: village.nameLatin,
  communeNameKm: commune.nameKm,
  communeNameLatin: commune.nameLatin,
};

/** The rows of a page, with `key` (the sort key, for the cursor) beside what a row shows. */
function selectHits(d: Tx | Db, key: SQL<string>) {
  return d
    .select({ ...hitColumns, key })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .leftJoin(village, eq(village.code, households.villageCode))
    .leftJoin(commune, eq(commune.code, households.communeCode));
}

async function hitsFor(tx: Tx, ids: string[]): Promise<MemberHit[]> {
  if (!ids.length) return [];
  await planMode(tx, 'rows');
  // One array parameter: the same statement (and kept plan) for any number of ids.
  const rows = await selectHits(tx, sql<string>`''`).where(sql`${members.id} = any(${arrayLiteral(ids)}::uuid[])`);
  const byId = new Map(rows.map(({ key: _, ...hit }) => [hit.memberId, hit]));
  return ids.map((id) => byId.get(id)).filter((r): r is MemberHit => r !== undefined);
}

/**
 * A lookup by number or code (Khmer ID, phone, IDPoor number, household code) finds its few rows by
 * its own index, in PostgreSQL's own plan: one statement for the page, rows and all, with no
 * transaction and none of the planner settings the name searches need (begin, settings, ids, rows and
 * commit were five round trips, most of such a search's time).
 */
async function directPage(query: IdQuery, need: number, after?: IdRow): Promise<{ hit: MemberHit; key: string }[]> {
  const rows = await selectHits(db(), sql<string>`${query.key}`)
    .where(and(query.scope, ...query.match, query.areaWalk, boundsOn(query.key, { after })))
    .orderBy(query.key, members.id)
    .limit(need);
  return rows.map(({ key, ...hit }) => ({ hit, key }));
}

type Lookup = Extract<ParsedQuery, { kind: 'number' | 'householdCode' }>;
type LookupStatement = ReturnType<typeof buildLookupStatement>;

/**
 * The plain look-ups' statements (a number or a code, no filter, the first page), built once per
 * shape and kept: drizzle builds a statement's text anew on every call, and this one's (its select
 * list, joins and sub-selects) was 16 % of the server's CPU under the Khmer ID search. Every value,
 * the operator's id among them, is bound at each execution (bindTenant). Per database handle: a kept
 * statement runs on the client it was built on. About a dozen shapes: the orders a deployment uses
 * times the parts a look-up has. Never give one a result cache (drizzle's `$withCache`): the values
 * are bound, not written, so only its parameters would tell two operators' answers apart.
 */
const lookupStatements = new WeakMap<Db, Map<string, LookupStatement>>();

/** How many look-up statements are kept for this database (tests). */
export function keptLookupStatements(): number {
  return lookupStatements.get(db())?.size ?? 0;
}

function buildLookupStatement(d: Db, shape: string, sort: Sort, terms: LookupTerms) {
  const key = sortKey(sort);
  return selectHits(d, sql<string>`${key}`)
    .where(and(ownedBy(members, BOUND_TENANT), lookupCondition(BOUND_TENANT, terms)))
    .orderBy(key, members.id)
    .limit(sql.placeholder('limit'))
    .prepare(`search_lookup ${shape}`);
}

/** What directPage returns for a plain look-up (`directPage(queryFor([]), need)`), from its kept statement. */
async function lookupPage(actor: OperatorUser, q: Lookup, sort: Sort, need: number) {
  const d = db();
  // The statement's text follows from exactly these, so they are its shape.
  const has =
    q.kind === 'number' ? { khmerId: q.khmerId !== null, phone: q.phone !== null, idpoor: q.idpoor !== null } : null;
  const shape = has ? `${sort} number ${has.khmerId} ${has.phone} ${has.idpoor}` : `${sort} code`;
  const terms: LookupTerms = has
    ? {
        kind: 'number',
        khmerId: has.khmerId ? sql.placeholder('khmerId') : null,
        phone: has.phone ? sql.placeholder('phone') : null,
        idpoor: has.idpoor ? sql.placeholder('idpoor') : null,
      }
    : { kind: 'householdCode', code: sql.placeholder('code') };
  let kept = lookupStatements.get(d);
  if (!kept) lookupStatements.set(d, (kept = new Map()));
  let statement = kept.get(shape);
  if (!statement) kept.set(shape, (statement = buildLookupStatement(d, shape, sort, terms)));
  const values = q.kind === 'number' ? { khmerId: q.khmerId, phone: q.phone, idpoor: q.idpoor } : { code: q.code };
  const rows = await statement.execute({ ...values, limit: need, ...bindTenant(actor) });
  return rows.map(({ key, ...hit }) => ({ hit, key }));
}

/** Only the search box and the page size: any other parameter (a filter, a cursor, one added later) is not plain. */
function plainLookup(params: SearchParams): boolean {
  return Object.entries(params).every(([name, value]) => value === undefined || name === 'q' || name === 'limit');
}

/**
 * The operator's members matching the search box and the filters, in name order, one page at a
 * time. The operator always comes from the signed-in user, never from the request.
 */
export async function searchMembers(
  actor: OperatorUser,
  params: SearchParams,
  locale: Locale,
  now = new Date(),
): Promise<SearchResult> {
  const parsed = parseQuery(params.q);
  const sort = await sortFor(locale, parsed);
  const cursor = params.cursor;
  if (cursor && cursor.o !== sort) throw new DomainError('INVALID', 'cursorInvalid', { cursor: ['cursorInvalid'] });
  const limit = params.limit ?? DEFAULT_PAGE_SIZE;
  const key = sortKey(sort);
  const byName = parsed.kind === 'khmerName' || parsed.kind === 'latinName';

  const queryFor = (skeletons: string[]): IdQuery => {
    const name = nameMatch(parsed, skeletons, areaKey(params));
    const lookup = lookupCondition(actor, parsed);
    return {
      sort,
      key,
      scope: ownedBy(members, actor),
      match: [...(name ? [name.exact] : []), ...(lookup ? [lookup] : []), ...memberFilters(params, now)],
      areaWalk: areaFilter(actor, params, false),
      // Without a name, the address is what narrows the search: let it drive a probe.
      areaDrive: byName ? undefined : areaFilter(actor, params, true),
      indexed: name?.indexed ?? [],
      pieces: name?.pieces,
      // A Khmer fragment alone: its regions' probes are sharper. Within an area, the whole's is sharp enough.
      probeWhole: parsed.kind !== 'khmerName' || areaKey(params) !== undefined,
      regions: name?.regions ?? [{ indexed: [] }],
    };
  };
  const after = cursor ? { key: cursor.k, id: cursor.i } : undefined;
  const result = (found: { id: string; key: string }[], items: MemberHit[]): SearchResult => {
    const last = found[Math.min(found.length, limit) - 1];
    return {
      items,
      nextCursor: found.length > limit && last ? encodeCursor({ o: sort, k: last.key, i: last.id }) : null,
      matchedAs: matchKinds(parsed),
      sort,
    };
  };

  // A look-up takes the direct path; its first page with no filter (most look-ups) a kept statement.
  if (parsed.kind === 'number' || parsed.kind === 'householdCode') {
    const rows = plainLookup(params)
      ? await lookupPage(actor, parsed, sort, limit + 1)
      : await directPage(queryFor([]), limit + 1, after);
    return result(
      rows.map((r) => ({ id: r.hit.memberId, key: r.key })),
      rows.slice(0, limit).map((r) => r.hit),
    );
  }
  return inSearchTransaction(async (tx) => {
    const skeletons = parsed.kind === 'latinName' ? await latinSkeletons(tx, parsed.words) : [];
    const query = queryFor(skeletons);
    // A Khmer fragment and common Latin words have their own plans (khmer.ts, latin.ts).
    const fragment = parsed.kind === 'khmerName' ? parsed.key : '';
    const ids =
      (fragment ? await findKhmerFragment(tx, query, fragment, areaKey(params), limit + 1, after) : null) ??
      (parsed.kind === 'latinName' ? await findLatinWords(tx, query, skeletons, limit + 1, after) : null) ??
      (await findIds(tx, query, limit + 1, after));
    return result(
      ids,
      await hitsFor(
        tx,
        ids.slice(0, limit).map((r) => r.id),
      ),
    );
  });
}
