import 'server-only';
import { and, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { members } from '@/db/schema';
import type { Region } from './conditions';
import type { Cursor, Sort } from './cursor';
import { collated, rowsOf } from './sort';

/**
 * How the page of member ids is found. Name order + a filter is the hard case: PostgreSQL's
 * estimates cannot tell a common fragment from a rare one, nor see that a surname's bearers sit
 * in one block of the name order, and a wrong guess costs a walk over a million index entries or
 * a visit to a hundred thousand rows. So the plan rests on bounded steps instead, per region:
 *  1. walk the first WALK_BOUND entries of the covering sort index in order (index-only): a
 *     common match fills the page here;
 *  2. else the match is rare or bunched further on: fetch at most PROBE_CAP matches through the
 *     GIN / address indexes (bitmap scans only); if that is all of them, sorting them is exact;
 *  3. else there are many, bunched: walk on in order until the page is full.
 * A name search is split at its jump points (where its matches bunch up, e.g. at the surname),
 * so that step 3 starts next to them.
 */
export const WALK_BOUND = 10_000;
export const PROBE_CAP = 3000;

export interface IdQuery {
  sort: Sort;
  key: SQL<string>;
  /** Which rows are looked at: the operator's, after the cursor. */
  scope: SQL[];
  /** Which of them are found: name, filters (plain columns of members, see boundedWalk). */
  match: SQL[];
  /** An address filter narrows the search through an index: a probe is worth it. */
  areaIndexed: boolean;
  /** Lookups by exact number or code: few rows, PostgreSQL's own plan is right. */
  direct: boolean;
  /** Stretches of the name order, searched in turn (one, unbounded, without a name). */
  regions: Region[];
  cursor?: Cursor;
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
interface IdRow { id: string; key: string }

const MODES = {
  probe: { enable_seqscan: 'off', enable_indexscan: 'off', enable_indexonlyscan: 'off', enable_bitmapscan: 'on', enable_sort: 'on' },
  walk: { enable_seqscan: 'off', enable_indexscan: 'on', enable_indexonlyscan: 'on', enable_bitmapscan: 'off', enable_sort: 'off' },
  normal: { enable_seqscan: 'on', enable_indexscan: 'on', enable_indexonlyscan: 'on', enable_bitmapscan: 'on', enable_sort: 'on' },
} as const;

/** Planner settings for the rest of the transaction (set_config(…, true) is SET LOCAL). */
export async function planMode(tx: Tx, mode: keyof typeof MODES): Promise<void> {
  const settings = Object.entries(MODES[mode]).map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
  await tx.execute(sql`select ${sql.join(settings, sql`, `)}`);
}

function selectIds(tx: Tx, q: IdQuery, extra: (SQL | undefined)[]) {
  return tx.select({ id: members.id, key: sql<string>`${q.key}`.as('sort_key') }).from(members)
    .where(and(...q.scope, ...q.match, ...extra));
}

// The columns `match` may name: all in the covering sort indexes of migration 0007.
const MATCH_COLUMNS = [members.id, members.householdId, members.nameKmKey, members.nameLatinSkeleton, members.sex,
  members.status, members.hasDisability, members.birthDate, members.birthYear];

/**
 * Step 1. The first WALK_BOUND entries go through a CTE named "members", so the conditions
 * (written against members.*) apply to it unchanged. `complete` when the region had no more.
 */
async function boundedWalk(tx: Tx, q: IdQuery, range: SQL | undefined, need: number): Promise<{ rows: IdRow[]; complete: boolean }> {
  await planMode(tx, 'walk');
  const result = await tx.execute(sql`
    with ${members} as materialized (
      select ${sql.join(MATCH_COLUMNS, sql`, `)}, ${q.key} as "sort_key", row_number() over (order by ${q.key}, ${members.id}) as "rn"
      from ${members} where ${and(...q.scope, range)} order by ${q.key}, ${members.id} limit ${WALK_BOUND})
    (select ${members.id} as "id", "sort_key" as "key", null::int as "examined" from ${members}
      where ${and(...q.match) ?? sql`true`} order by "rn" limit ${need})
    union all
    select null, null, count(*)::int from ${members}`);
  const rows = rowsOf(result);
  const examined = Number(rows.find((r) => r.id === null)?.examined ?? 0);
  return { rows: rows.filter((r) => r.id !== null) as unknown as IdRow[], complete: examined < WALK_BOUND };
}

/** Step 2: all matches when there are at most PROBE_CAP of them, else null. */
async function probe(tx: Tx, q: IdQuery, range: SQL | undefined, indexed: SQL[], need: number): Promise<IdRow[] | null> {
  await planMode(tx, 'probe');
  const found = selectIds(tx, q, [...indexed, range]).limit(PROBE_CAP + 1).as('found');
  const rows = await tx.select({ id: found.id, key: found.key, n: sql<number>`(count(*) over ())::int` })
    .from(found).orderBy(found.key, found.id).limit(need);
  return rows.length === 0 || rows[0]!.n <= PROBE_CAP ? rows : null;
}

/** Step 3. */
async function walk(tx: Tx, q: IdQuery, range: SQL | undefined, need: number): Promise<IdRow[]> {
  await planMode(tx, 'walk');
  return selectIds(tx, q, [range]).orderBy(q.key, members.id).limit(need);
}

/** The regions that still hold rows after the cursor: a region ending at or before it has none. */
async function regionsAfterCursor(tx: Tx, q: IdQuery): Promise<Region[]> {
  const ends = q.regions.map((r) => r.to);
  if (!q.cursor || ends.every((e) => e === undefined)) return q.regions;
  const cursorKey = collated(q.sort, sql`${q.cursor.k}`);
  const checks = ends.map((to) => (to === undefined ? sql`false` : sql`${cursorKey} >= ${to}`));
  const [row] = rowsOf(await tx.execute(sql`select array[${sql.join(checks, sql`, `)}] as "past"`));
  const past = (row?.past ?? []) as boolean[];
  return q.regions.filter((_, i) => !past[i]);
}

function rangeOf(q: IdQuery, r: Region): SQL | undefined {
  return and(r.from === undefined ? undefined : sql`${q.key} >= ${r.from}`, r.to === undefined ? undefined : sql`${q.key} < ${r.to}`);
}

async function regionIds(tx: Tx, q: IdQuery, region: Region, need: number): Promise<IdRow[]> {
  const range = rangeOf(q, region);
  const first = await boundedWalk(tx, q, range, need);
  if (first.rows.length >= need || first.complete) return first.rows;
  const probed = region.indexed.length || q.areaIndexed ? await probe(tx, q, range, region.indexed, need) : null;
  return probed ?? walk(tx, q, range, need);
}

/** Up to `need` rows of ids and sort keys, in order. */
export async function findIds(tx: Tx, q: IdQuery, need: number): Promise<IdRow[]> {
  if (q.direct) {
    await planMode(tx, 'normal');
    return selectIds(tx, q, []).orderBy(q.key, members.id).limit(need);
  }
  const out: IdRow[] = [];
  for (const region of await regionsAfterCursor(tx, q)) {
    const rows = await regionIds(tx, q, region, need - out.length);
    out.push(...rows.map(({ id, key }) => ({ id, key })));
    if (out.length >= need) break;
  }
  return out;
}
