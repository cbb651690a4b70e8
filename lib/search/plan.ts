import 'server-only';
import { and, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { members } from '@/db/schema';
import { khmerIndexed, type Pieces, type Region } from './conditions';
import type { Sort } from './cursor';
import { rowsOf } from '@/db/rows';
import { collated } from './sort';
import { expectedRows, sharpPieces } from './stats';

/**
 * How the page of member ids is found. Name order + a filter is the hard case: PostgreSQL's
 * estimates cannot tell a common fragment from a rare one, nor see that a surname's bearers sit
 * in one block of the name order, and a wrong guess costs a walk over a million index entries or
 * a visit to a hundred thousand rows. So the plan rests on bounded steps, each forced:
 *  1. walk the first few thousand entries of the covering sort index (index-only): a common,
 *     spread match fills the page here;
 *  2. if step 1 met matches at a fair rate, walk on;
 *  3. else fetch at most a few thousand matches through the GIN / address indexes (bitmap scans only):
 *     if that is all of them, sorting them is the exact answer;
 *  4. else they bunch up somewhere: split the order at the jump points (a surname's bearers start
 *     at the surname) and repeat steps 1–3 per region, so that no walk crosses the whole order.
 */
/** The bounds of the steps; tests shrink them to take every step on a few rows. */
export const TUNING = {
  /** Entries a bounded walk looks at. */
  walkBound: 4000,
  /** Most matches a probe sorts. */
  probeCap: 25_000,
  /** Beyond this many more entries, walking on is expected to cost more than the other steps. */
  walkOnLimit: 30_000,
  /** A probe whose GIN condition may find more rows than this is not tried: its index scan alone costs more than walking. */
  ginBudget: 100_000,
  /** A probe expected to read at most this many candidates goes before any walk. */
  probeFirst: 1500,
  /** What reading one probe candidate (bitmap heap fetch) costs, in entries of an index-only walk. */
  probeRowCost: 8,
  /** What visiting one surname costs (khmer.ts: two index look-ups), in entries of an index-only walk. */
  surnameVisit: 50,
  /** A block of the Latin order whose tagged pieces more rows hold than this is walked, not looked up (latin.ts). */
  blockProbe: 1500,
};

export interface IdQuery {
  sort: Sort;
  key: SQL<string>;
  /** The operator's rows. */
  scope: SQL;
  /** Which rows are found: plain columns of members (see boundedWalk), checked while walking. */
  match: SQL[];
  /** The address filter on the member's own village code, checked while walking. */
  areaWalk?: SQL;
  /** The address filter in the form that lets the households drive a probe (no name to do it). */
  areaDrive?: SQL;
  /** Implied by `match`, for the GIN indexes: with `areaDrive`, what makes a probe worth it. */
  indexed: SQL[];
  pieces?: Pieces;
  /** Probe the whole order before splitting it (not when the regions' probes are sharper). */
  probeWhole: boolean;
  regions: Region[];
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export interface IdRow {
  id: string;
  key: string;
}
/** What a bounded walk found, how many entries it looked at, and the last (null: none left). */
interface Walked {
  rows: IdRow[];
  examined: number;
  last: IdRow | null;
}

const MODES = {
  probe: {
    enable_seqscan: 'off',
    enable_indexscan: 'off',
    enable_indexonlyscan: 'off',
    enable_bitmapscan: 'on',
    enable_sort: 'on',
    plan_cache_mode: 'force_custom_plan',
  },
  walk: {
    enable_seqscan: 'off',
    enable_indexscan: 'on',
    enable_indexonlyscan: 'on',
    enable_bitmapscan: 'off',
    enable_sort: 'off',
    plan_cache_mode: 'force_custom_plan',
  },
  /**
   * The rows of the page, by their ids (search.ts hitsFor): PostgreSQL's own plan, and the one it keeps for
   * the statement (plan_cache_mode auto): it is the same for any ids, and planning this join of members,
   * households and places again for every search cost PostgreSQL about 1 ms, more than running it.
   */
  rows: {
    enable_seqscan: 'on',
    enable_indexscan: 'on',
    enable_indexonlyscan: 'on',
    enable_bitmapscan: 'on',
    enable_sort: 'on',
    plan_cache_mode: 'auto',
  },
  /** Latin blocks (latin.ts): a range walk or a GIN look-up per block, never a whole-table scan. */
  blocks: {
    enable_seqscan: 'off',
    enable_indexscan: 'on',
    enable_indexonlyscan: 'on',
    enable_bitmapscan: 'on',
    enable_sort: 'on',
    plan_cache_mode: 'force_custom_plan',
  },
} as const;

/**
 * A search transaction's own settings (search.ts): plan every statement for its actual values (a
 * generic plan cannot see which index a parameter's value suits); no JIT (the costs this file's forced
 * plans carry would make PostgreSQL compile them, which costs far more than running them); no parallel
 * workers (starting them costs tens of milliseconds, more than the bounded steps they would share);
 * bound a runaway query. Sent with the transaction's first planner mode: one statement, not two.
 */
const SEARCH_SETTINGS = {
  plan_cache_mode: 'force_custom_plan',
  statement_timeout: '5s',
  jit: 'off',
  max_parallel_workers_per_gather: '0',
};

/** Planner settings for the rest of the transaction (set_config(…, true) is SET LOCAL). */
const currentMode = new WeakMap<Tx, keyof typeof MODES>();

export async function planMode(tx: Tx, mode: keyof typeof MODES): Promise<void> {
  // Each statement costs a round trip: set only what changes (a transaction's settings stay).
  const current = currentMode.get(tx);
  if (current === mode) return;
  currentMode.set(tx, mode);
  const settings = Object.entries({ ...(current ? {} : SEARCH_SETTINGS), ...MODES[mode] }).map(
    ([name, value]) => sql`set_config(${name}, ${value}, true)`,
  );
  await tx.execute(sql`select ${sql.join(settings, sql`, `)}`);
}

function selectIds(tx: Tx, conditions: (SQL | undefined)[], key: SQL<string>) {
  return tx
    .select({ id: members.id, key: sql<string>`${key}`.as('sort_key') })
    .from(members)
    .where(and(...conditions));
}

/**
 * A stretch of the order: after a position (a cursor, or where a walk stopped) or from a region's
 * start, and before a region's end. Never both a position and a start: given both, a btree scan
 * may start from the looser (a row comparison and a plain bound are not merged).
 */
export interface Bounds {
  after?: IdRow;
  from?: string;
  to?: string;
}

/** The bounds on a sort key: the index's expression, or a CTE's "sort_key" column. */
export function boundsOn(key: SQL, b: Bounds): SQL | undefined {
  return and(
    b.after ? sql`(${key}, ${members.id}) > (${b.after.key}, ${b.after.id}::uuid)` : undefined,
    b.from === undefined ? undefined : sql`${key} >= ${b.from}`,
    b.to === undefined ? undefined : sql`${key} < ${b.to}`,
  );
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * `key >= start` and after the cursor, as one row comparison with the greater of the two (see
 * Bounds: a btree scan given both a plain and a row bound on its column may start from the
 * looser one). `start` may be a per-row expression (a skip scan's surname or first word).
 */
export function startingAt(q: IdQuery, start: SQL, cursor: IdRow | undefined): SQL {
  if (!cursor) return sql`${q.key} >= ${start}`;
  const at = collated(q.sort, sql`${cursor.key}`);
  return sql`(${q.key}, ${members.id}) > (greatest(${collated(q.sort, start)}, ${at}),
    case when ${at} >= ${start} then ${cursor.id}::uuid else ${NO_ID}::uuid end)`;
}

// The columns `match` may name: all in the covering sort indexes (migration 0012).
const MATCH_COLUMNS = [
  members.id,
  members.householdId,
  members.villageCode,
  members.nameKmKey,
  members.nameLatinSkeleton,
  members.sex,
  members.status,
  members.hasDisability,
  members.birthDate,
  members.birthYear,
];

/**
 * Step 1: the first walkBound entries from `from`, numbered in a subquery named "members" so that the
 * conditions (written against members.*) apply to it unchanged. One pass over the index, in its order:
 * it stops as soon as `need` matches are met, and else returns the bound-th entry too, where a walk
 * would go on. (A materialized CTE, sorted by its row number and read again for its last entry, cost
 * PostgreSQL twice as much and always read every entry.) ROWS framing: numbering needs no comparison
 * of neighbouring keys, which under the Khmer collation is an ICU call per entry.
 */
async function boundedWalk(
  tx: Tx,
  q: IdQuery,
  from: SQL | undefined,
  need: number,
  bound = TUNING.walkBound,
): Promise<Walked> {
  await planMode(tx, 'walk');
  const match = and(...q.match, q.areaWalk) ?? sql`true`;
  const result = await tx.execute(sql`
    select ${members.id} as "id", "sort_key" as "key", (${match}) as "hit", "rn"::int as "rn" from (
      select ${sql.join(MATCH_COLUMNS, sql`, `)}, ${q.key} as "sort_key",
        row_number() over (order by ${q.key}, ${members.id} rows between unbounded preceding and current row) as "rn"
      from ${members} where ${and(q.scope, from)} order by ${q.key}, ${members.id} limit ${bound}) as ${members}
    where (${match}) or "rn" = ${bound}
    order by "sort_key", ${members.id} limit ${need}`);
  const rows = rowsOf(result) as unknown as (IdRow & { hit: boolean; rn: number })[];
  const end = rows.find((r) => Number(r.rn) === bound);
  return {
    rows: rows.filter((r) => r.hit === true).map(({ id, key }) => ({ id, key })),
    examined: end ? bound : Number(rows.at(-1)?.rn ?? 0),
    last: end ? { id: end.id, key: end.key } : null,
  };
}

/**
 * Step 3: through the GIN / address indexes, at most probeCap candidates (rows the index finds,
 * before any other condition, the region's bounds included): if that is all of them, the matches
 * among them, sorted, are the exact answer; else null. Bounding candidates, not matches, bounds
 * the rows read when a common name meets a narrow filter or lies outside the region.
 */
export async function probe(
  tx: Tx,
  q: IdQuery,
  bounds: Bounds,
  given: SQL[],
  need: number,
  pieces?: Pieces,
): Promise<IdRow[] | null> {
  if (!given.length && !q.areaDrive) return null;
  // The pieces' GIN condition without its common groups (stats.ts sharpPieces), when there are any.
  const sharp = pieces ? await sharpPieces(tx, pieces) : undefined;
  const indexed = sharp ? khmerIndexed(sharp) : given;
  await planMode(tx, 'probe');
  // "(select n …) <= cap" has no column: PostgreSQL checks it once, before filtering and sorting,
  // so a probe that finds too many candidates gives up without sorting them.
  const result = await tx.execute(sql`
    with ${members} as materialized (
      select ${sql.join(MATCH_COLUMNS, sql`, `)}, ${q.key} as "sort_key"
      from ${members} where ${and(q.scope, ...indexed, q.areaDrive)} limit ${TUNING.probeCap + 1}),
    "found" as (select count(*)::int as "n" from ${members})
    (select ${members.id} as "id", "sort_key" as "key", -1 as "n" from ${members}
      where (select "n" from "found") <= ${TUNING.probeCap}
        and ${and(boundsOn(sql`"sort_key"`, bounds), ...q.match, q.areaWalk) ?? sql`true`} order by "sort_key", ${members.id} limit ${need})
    union all
    select null, null, "n" from "found"`);
  const rows = rowsOf(result) as unknown as (IdRow & { n: number })[];
  const candidates = Number(rows.find((r) => Number(r.n) >= 0)?.n ?? 0);
  return candidates <= TUNING.probeCap ? rows.filter((r) => Number(r.n) < 0).map(({ id, key }) => ({ id, key })) : null;
}

export async function walk(tx: Tx, q: IdQuery, from: SQL | undefined, need: number): Promise<IdRow[]> {
  await planMode(tx, 'walk');
  return selectIds(tx, [q.scope, ...q.match, q.areaWalk, from], q.key)
    .orderBy(q.key, members.id)
    .limit(need);
}

/**
 * Steps 1–3 over one stretch of the order (`bounds`); `stop` when step 4 should take over from
 * there. The statistics tell roughly how many candidates a probe would read (`expected`): a
 * sharp probe — a rare name, or a name within an area — goes first; otherwise a walk goes on only
 * while it is expected to cost less than the probe.
 */
export async function steps(
  tx: Tx,
  q: IdQuery,
  bounds: Bounds,
  indexed: SQL[] | null,
  pieces: Pieces | undefined,
  need: number,
  lastResort: boolean,
): Promise<{ rows: IdRow[]; stop?: IdRow }> {
  const expected = indexed && pieces ? await expectedRows(tx, pieces) : undefined;
  // A probe may read up to ginBudget index entries; expected to find more candidates than it may
  // sort, it would most likely give up after reading them, so it waits until walking has failed.
  const possible = indexed !== null && (expected === undefined || expected <= TUNING.ginBudget);
  const likely = possible && (expected === undefined || expected <= TUNING.probeCap);
  let probed = false;
  const tryProbe = async () => {
    probed = true;
    return probe(tx, q, bounds, indexed!, need, pieces);
  };
  if (likely && expected !== undefined && expected <= TUNING.probeFirst) {
    const rows = await tryProbe();
    if (rows) return { rows };
  }
  const first = await boundedWalk(tx, q, boundsOn(q.key, bounds), need);
  if (first.rows.length >= need || !first.last) return { rows: first.rows };
  // Matches met at some rate: walking on is expected to take (still wanted) / rate more entries.
  const rest = need - first.rows.length;
  const rate = first.rows.length / first.examined;
  const walkCost = rate > 0 ? rest / rate : Infinity;
  const probeCost = likely && expected !== undefined ? expected * TUNING.probeRowCost : Infinity;
  const walkOn = async (from: IdRow, found: IdRow[], want: number) => [
    ...found,
    ...(await walk(tx, q, boundsOn(q.key, { after: from, to: bounds.to }), want)),
  ];
  if (walkCost <= TUNING.walkOnLimit && walkCost <= probeCost)
    return { rows: await walkOn(first.last, first.rows, rest) };
  if (likely && !probed) {
    const rows = await tryProbe();
    if (rows) return { rows };
  }
  if (!lastResort) return { rows: first.rows, stop: first.last };
  // Last resort, in bounded steps: a longer walk (matches may bunch up just beyond the first), then
  // any probe not yet tried, and only then a walk to the end of the stretch.
  const second = await boundedWalk(
    tx,
    q,
    boundsOn(q.key, { after: first.last, to: bounds.to }),
    rest,
    TUNING.walkOnLimit,
  );
  const found = [...first.rows, ...second.rows];
  if (found.length >= need || !second.last) return { rows: found };
  if (possible && !probed) {
    const rows = await tryProbe();
    if (rows) return { rows };
  }
  return { rows: await walkOn(second.last, found, need - found.length) };
}

/** The regions that end after this position, each bounded by its start or the position within it. */
async function regionsAfter(tx: Tx, q: IdQuery, pos: IdRow): Promise<{ region: Region; bounds: Bounds }[]> {
  const key = collated(q.sort, sql`${pos.key}`);
  const compare = (bound: string | undefined, none: boolean) =>
    bound === undefined ? sql`${none}` : sql`${key} >= ${bound}`;
  const checks = q.regions.flatMap((r) => [compare(r.to, false), compare(r.from, true)]);
  const [row] = rowsOf(await tx.execute(sql`select array[${sql.join(checks, sql`, `)}] as "past"`));
  const past = (row?.past ?? []) as boolean[];
  return q.regions.flatMap((region, i) =>
    past[2 * i]
      ? []
      : [
          {
            region,
            bounds: past[2 * i + 1] ? { after: pos, to: region.to } : { from: region.from, to: region.to },
          },
        ],
  );
}

/** Up to `need` rows of ids and sort keys after the cursor, in order. */
export async function findIds(tx: Tx, q: IdQuery, need: number, cursor?: IdRow): Promise<IdRow[]> {
  // A Khmer search's regions each have a sharper index condition than the whole has: probe there.
  const whole = await steps(
    tx,
    q,
    { after: cursor },
    q.probeWhole ? q.indexed : null,
    q.pieces,
    need,
    q.regions.length < 2,
  );
  if (!whole.stop) return whole.rows;
  // Step 4, from where step 1 stopped: the rows it found come first.
  const out = [...whole.rows];
  for (const { region, bounds } of await regionsAfter(tx, q, whole.stop)) {
    const found = await steps(tx, q, bounds, region.indexed, region.pieces, need - out.length, true);
    out.push(...found.rows);
    if (out.length >= need) break;
  }
  return out;
}
