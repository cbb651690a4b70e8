import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import type { Pieces } from './conditions';
import type { Tx } from './plan';
import { rowsOf } from '@/db/rows';

/**
 * How common a name piece is, from the statistics ANALYZE keeps for the GIN indexes' elements
 * (pg_stats.most_common_elems). The plan asks this before a probe: a GIN scan reads the posting
 * list of its rarest piece, so a fragment whose rarest piece sits in a tenth of all names costs
 * tens of milliseconds to probe, while walking the name order meets it every few entries.
 */
export const STATS_INDEXES = ['members_name_km_pieces', 'members_name_latin_pieces'] as const;
export type StatsIndex = (typeof STATS_INDEXES)[number];

export interface PieceStats {
  /** Share of rows holding a piece; pieces not listed are rarer than `floor`. */
  freq: Map<string, number>;
  floor: number;
}
interface Snapshot {
  at: number;
  rows: number;
  indexes: Partial<Record<StatsIndex, PieceStats>>;
  /** ANALYZE's histogram of Khmer name keys (equal shares of the rows), in Khmer order. */
  khmerNames: string[];
  /** About how many different Khmer surnames there are (all operators). */
  surnames: number;
}

// An estimate only: the name order's own collation lives in the server; ICU's Khmer order in
// Node is close enough to say roughly how far into the order a name lies.
const khmerOrder = new Intl.Collator('km');

// Statistics change only with ANALYZE (autovacuum): reading them every few minutes is enough.
const TTL_MS = 5 * 60_000;
const cache = new WeakMap<Db, Promise<Snapshot>>();

async function load(handle: Db | Tx): Promise<Snapshot> {
  // Through sdp_piece_stats (migration 0027): pg_stats hides an index's statistics from the app's role.
  const stats = rowsOf(
    await handle.execute(sql`select "index", "elems", "freqs" from sdp_piece_stats(current_schema())`),
  );
  const [size] = rowsOf(
    await handle.execute(
      sql`select greatest(reltuples, 0)::float8 as "rows" from pg_class where oid = 'members'::regclass`,
    ),
  );
  const indexes: Snapshot['indexes'] = {};
  for (const row of stats) {
    const elems = (row.elems ?? []) as string[];
    const freqs = ((row.freqs ?? []) as (number | string)[]).map(Number);
    // most_common_elem_freqs ends with the lowest and highest of them and the null share.
    indexes[row.index as StatsIndex] = {
      freq: new Map(elems.map((e, i) => [e, freqs[i]!])),
      floor: freqs[elems.length] ?? 0,
    };
  }
  const [names] = rowsOf(
    await handle.execute(sql`
    select histogram_bounds::text::text[] as "bounds" from pg_stats
    where schemaname = current_schema() and tablename = 'members' and attname = 'name_km_key'`),
  );
  const khmerNames = ((names?.bounds ?? []) as string[]).sort(khmerOrder.compare);
  const [distinct] = rowsOf(
    await handle.execute(sql`
    select n_distinct::float8 as "n" from pg_stats
    where schemaname = current_schema() and tablename = 'members' and attname = 'surname_km_key'`),
  );
  const rows = Number(size?.rows ?? 0);
  // n_distinct is a count, or (negative) a share of the rows.
  const n = Number(distinct?.n ?? 0);
  return { at: Date.now(), rows, indexes, khmerNames, surnames: n < 0 ? -n * rows : n };
}

// Read through the search's own transaction: PGlite has one connection, which the transaction holds.
async function snapshot(tx: Tx): Promise<Snapshot> {
  const handle = db();
  let current = cache.get(handle);
  const known = current ? await current.catch(() => null) : null;
  if (!current || !known || Date.now() - known.at > TTL_MS) {
    current = load(tx);
    current.catch(() => cache.delete(handle));
    cache.set(handle, current);
  }
  return current;
}

/**
 * About how many rows a GIN condition over these pieces finds. Every group must hold one of its
 * pieces. The pieces of one Khmer fragment go together (a name holding the rarest mostly holds the
 * rest), and the words of a Latin name are nearly independent: the shares are combined rarest
 * first with exponential back-off (1, then ½ for words or ¼ for pieces, halving), which sits between "the rarest bounds it" and
 * "they multiply". An area is independent of the name: its share multiplies. Undefined when no
 * statistics exist yet. An estimate, not a bound: the probe's own cap keeps a wrong one cheap.
 */
export async function expectedRows(tx: Tx, pieces: Pieces): Promise<number | undefined> {
  const snap = await snapshot(tx);
  const stats = snap.indexes[pieces.index];
  const areas = pieces.areas ?? [];
  if (!stats || (!pieces.groups.length && !areas.length)) return undefined;
  const share = (piece: string) => stats.freq.get(piece) ?? stats.floor;
  const shares = pieces.groups
    .map((g) =>
      Math.min(
        1,
        g.reduce((sum, piece) => sum + share(piece), 0),
      ),
    )
    .sort((a, b) => a - b);
  const first = pieces.words ? 0.5 : 0.25;
  const name = shares.reduce((n, s, i) => n * (i === 0 ? s : s ** (first / 2 ** (i - 1))), 1);
  return areas.reduce((n, a) => n * share(a), name * snap.rows);
}

/** A piece group held by more than this share of the rows is left out of a Khmer probe's GIN condition. */
const COMMON_GROUP = 0.1;

/**
 * The Khmer pieces worth a GIN look-up, or undefined when all are. A group held by more than a tenth
 * of the rows narrows little (one fragment's pieces go together: a name holding the rarer ones mostly
 * holds it too), and its posting lists are the longest to read: the first piece of សុភា, in 59 % of
 * names, made its probe in one province 18 ms where the other two pieces alone took 8 ms, for the same
 * 3,319 candidates. The rarest group and the areas always stay, and the exact match still checks the
 * whole fragment on every candidate.
 */
export async function sharpPieces(tx: Tx, pieces: Pieces): Promise<Pieces | undefined> {
  if (pieces.index !== 'members_name_km_pieces' || pieces.groups.length < 2) return undefined;
  const stats = (await snapshot(tx)).indexes[pieces.index];
  if (!stats) return undefined;
  const share = (g: string[]) => g.reduce((sum, piece) => sum + (stats.freq.get(piece) ?? stats.floor), 0);
  const rarest = Math.min(...pieces.groups.map(share));
  const groups = pieces.groups.filter((g) => share(g) === rarest || share(g) <= COMMON_GROUP);
  return groups.length < pieces.groups.length ? { ...pieces, groups } : undefined;
}

/** The share of names sorting before `key`, from the histogram (binary search). */
function shareBefore(bounds: string[], key: string): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (khmerOrder.compare(bounds[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo / bounds.length;
}

/**
 * About how many entries of the Khmer name order lie between two names (from the start, to the
 * end when not given): what walking that stretch costs. Undefined without statistics.
 */
export async function stretchRows(
  tx: Tx,
  from: string | undefined,
  to: string | undefined,
): Promise<number | undefined> {
  const snap = await snapshot(tx);
  if (snap.khmerNames.length < 2) return undefined;
  const start = from === undefined ? 0 : shareBefore(snap.khmerNames, from);
  const end = to === undefined ? 1 : shareBefore(snap.khmerNames, to);
  // A stretch within one bucket of the histogram is at most that bucket.
  return Math.max(end - start, 1 / snap.khmerNames.length) * snap.rows;
}

/**
 * The blocks of the Latin name order (names starting with one word) in which every one of these
 * word beginnings is common: its tagged piece ('sup|chan', migration 0017) is held by more than
 * `min` rows. There a GIN look-up would fetch too many rows, and walking the block costs less.
 */
export async function denseBlocks(tx: Tx, prefixes: string[], min: number): Promise<string[]> {
  const snap = await snapshot(tx);
  const stats = snap.indexes.members_name_latin_pieces;
  if (!stats || !prefixes.length) return [];
  const blocksOf = (prefix: string) =>
    new Set(
      [...stats.freq]
        .filter(([e, f]) => e.startsWith(`${prefix}|`) && f * snap.rows > min)
        .map(([e]) => e.slice(prefix.length + 1)),
    );
  const [first, ...rest] = prefixes.map(blocksOf);
  return [...first!].filter((w) => rest.every((s) => s.has(w)));
}

/** About how many different Khmer surnames there are; undefined without statistics. */
export async function surnameCount(tx: Tx): Promise<number | undefined> {
  const snap = await snapshot(tx);
  return snap.surnames > 0 ? snap.surnames : undefined;
}
