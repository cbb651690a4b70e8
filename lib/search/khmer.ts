import 'server-only';
import { and, sql } from 'drizzle-orm';
import { members } from '@/db/schema';
import { khmerPieces } from './conditions';
import { boundsOn, planMode, probe, startingAt, steps, TUNING, walk, type IdQuery, type IdRow, type Tx } from './plan';
import { rowsOf } from '@/db/rows';
import { arrayLiteral } from '@/db/arrays';
import { collated } from './sort';
import { expectedRows, stretchRows, surnameCount } from './stats';

/**
 * A Khmer fragment (in an area where it is common): the first page in name order, found by where the fragment
 * stands in each matching name. Walking the name order fails here: a given name's bearers sit deep
 * inside every surname's block (Kaev Sophea after all Kaev Chanthas…), so the first match may lie
 * tens of thousands of entries in, and a common given name has too many bearers to fetch and sort.
 * Each place is searched its own cheap way, and the three first pages merged:
 *  - at the name's start: one range of the name order ([fragment, fragment + U+FFFF));
 *  - at the given name's start: one range per surname ([surname + fragment, …)), visiting the
 *    operator's surnames in order (a skip scan over members_surname_km_idx) until a page is full;
 *    a rare given name instead through the GIN index ('~' pieces);
 *  - inside a word (compound given names: ស្រី·សុខា): through the GIN index (unmarked pieces) when
 *    they are few, else by walking the name order up to the page's last name so far.
 * The name order and the surnames' order are the same collation, and a name sorts after its
 * surname, so once the page's last name sorts before the next surname, no later surname can
 * give a name on it. Null when the fragment is one letter (no piece), or its matches in the area
 * are few: plan.ts then takes over, probing them first.
 */
export async function findKhmerFragment(
  tx: Tx,
  q: IdQuery,
  fragment: string,
  area: string | undefined,
  need: number,
  cursor?: IdRow,
): Promise<IdRow[] | null> {
  const inside = khmerPieces(fragment, ['inside'], area);
  const given = khmerPieces(fragment, ['given'], area);
  if (!inside || !given) return null;
  if (area) {
    // In an area, the fragment's matches there may be few enough to fetch and sort at once.
    const all = khmerPieces(fragment, ['start', 'given', 'inside'], area)!;
    const expected = await expectedRows(tx, all.pieces);
    if (expected === undefined || expected <= TUNING.probeFirst) return null;
  }

  const atStart = await prefixRange(tx, q, fragment, need, cursor);
  // A rare given name: fetching its bearers costs less than visiting every surname (two index
  // look-ups each, about surnameVisit entries of a walk).
  const givenExpected = await expectedRows(tx, given.pieces);
  const surnames = await surnameCount(tx);
  const visits = surnames === undefined ? Infinity : surnames * TUNING.surnameVisit;
  const givenProbe =
    givenExpected !== undefined && givenExpected <= TUNING.probeFirst && givenExpected * TUNING.probeRowCost <= visits
      ? await probe(tx, q, { after: cursor }, given.indexed, need, given.pieces)
      : null;
  const atGiven = givenProbe ? { rows: givenProbe, complete: true } : await bySurname(tx, q, fragment, need, cursor);
  let page = await merge(tx, q, [atStart, atGiven.rows], need);
  if (!atGiven.complete && page.length >= need) {
    // Surnames after the last one visited may still hold names sorting before the page's last.
    const more = await bySurname(tx, q, fragment, need, cursor, { from: atGiven.last, upTo: page.at(-1)!.key });
    if (more.rows.length) page = await merge(tx, q, [page, more.rows], need);
  }

  // Inside a word: only names sorting before the page's last one matter (and, harmlessly, names
  // extending it). Walk up to it, or probe the inside matches, whichever the statistics say reads
  // less: a common syllable of compound given names (ស្រី…) has many inside matches, but the
  // page's last name then lies in the first surnames' blocks (every surname has its bearers of a
  // common given name); a rare fragment or a whole name has few. A page not yet full means a rare
  // fragment: the general steps, probing if they can.
  const to = page.length >= need ? page.at(-1)!.key : undefined;
  const insideExpected = await expectedRows(tx, inside.pieces);
  const stretch = to === undefined ? undefined : await stretchRows(tx, cursor?.key, to);
  const walkFirst =
    stretch !== undefined && insideExpected !== undefined && stretch <= insideExpected * TUNING.probeRowCost;
  let insideRows =
    walkFirst || (insideExpected ?? 0) > TUNING.probeCap
      ? null
      : await probe(tx, q, { after: cursor }, inside.indexed, need, inside.pieces);
  if (!insideRows && to !== undefined)
    insideRows = await walk(tx, q, boundsOn(q.key, { after: cursor, to: `${to}\uFFFF` }), need);
  insideRows ??= (await steps(tx, q, { after: cursor }, inside.indexed, inside.pieces, need, true)).rows;
  page = await merge(tx, q, [page, insideRows], need);
  return page;
}

/** The names that start with the fragment, in order: one range of the name order. */
async function prefixRange(tx: Tx, q: IdQuery, fragment: string, need: number, cursor?: IdRow): Promise<IdRow[]> {
  await planMode(tx, 'walk');
  return tx
    .select({ id: members.id, key: sql<string>`${q.key}`.as('sort_key') })
    .from(members)
    .where(
      and(
        q.scope,
        startingAt(q, sql`${fragment}`, cursor),
        sql`${q.key} < ${`${fragment}\uFFFF`}`,
        ...q.match,
        q.areaWalk,
      ),
    )
    .orderBy(q.key, members.id)
    .limit(need);
}

interface SurnameRows {
  rows: IdRow[];
  complete: boolean;
  last?: string;
}

/**
 * The names whose given name starts with the fragment, surname by surname in order, each
 * surname's first `need` through one range of the name order. Stops (lazily: a recursive CTE is
 * only evaluated as far as its reader reads) once `need` names are found, or, for `upTo`, at the
 * first surname that sorts after that key. `from`: start at this surname, not the first.
 */
async function bySurname(
  tx: Tx,
  q: IdQuery,
  fragment: string,
  need: number,
  cursor: IdRow | undefined,
  window?: { from?: string; upTo: string },
): Promise<SurnameRows> {
  await planMode(tx, 'walk');
  const surname = collated(q.sort, sql`${members.surnameKmKey}`);
  const first = window?.from === undefined ? undefined : sql`${surname} >= ${window.from}`;
  // The recursion itself stops past `upTo`: a condition on the outer query would not stop it.
  const more = window ? sql` and "s"."sur" <= ${window.upTo}` : sql``;
  const result = await tx.execute(sql`
    with recursive "s"("sur") as (
      (select ${surname} from ${members} where ${and(q.scope, first, sql`${members.surnameKmKey} is not null`)} order by 1 limit 1)
      union all
      select (select ${surname} from ${members} where ${q.scope} and ${surname} > "s"."sur" order by 1 limit 1)
      from "s" where "s"."sur" is not null${more}
    )
    select "r"."id", "r"."key", "s"."sur" from "s" cross join lateral (
      select ${members.id} as "id", ${q.key} as "key" from ${members}
      where ${and(
        q.scope,
        startingAt(q, sql`("s"."sur" || ${fragment})`, cursor),
        sql`${q.key} < "s"."sur" || ${`${fragment}\uFFFF`}`,
        window ? sql`${q.key} <= ${window.upTo}` : undefined,
        ...q.match,
        q.areaWalk,
      )}
      order by ${q.key}, ${members.id} limit ${need}) as "r"
    where "s"."sur" is not null${more}
    ${window ? sql`` : sql`limit ${need}`}`);
  const rows = rowsOf(result) as unknown as (IdRow & { sur: string })[];
  return {
    rows: rows.map(({ id, key }) => ({ id, key })),
    complete: window !== undefined || rows.length < need,
    last: rows.at(-1)?.sur,
  };
}

/** The first `need` of several sorted lists, in the name order's collation (sorted by the server). */
async function merge(tx: Tx, q: IdQuery, lists: IdRow[][], need: number): Promise<IdRow[]> {
  const byId = new Map(lists.flat().map((r) => [r.id, r]));
  if (!byId.size) return [];
  const rows = [...byId.values()];
  const result = await tx.execute(sql`
    select "t"."id"::text as "id", "t"."key" as "key" from unnest(${arrayLiteral(rows.map((r) => r.id))}::uuid[], ${arrayLiteral(rows.map((r) => r.key))}::text[]) as "t"("id", "key")
    order by ${collated(q.sort, sql`"t"."key"`)}, "t"."id" limit ${need}`);
  return rowsOf(result) as unknown as IdRow[];
}
