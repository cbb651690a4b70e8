import 'server-only';
import { and, sql, type SQL } from 'drizzle-orm';
import { members } from '@/db/schema';
import { latinPieces } from './conditions';
import { boundsOn, planMode, startingAt, steps, TUNING, type IdQuery, type IdRow, type Tx } from './plan';
import { rowsOf } from '@/db/rows';
import { denseBlocks, expectedRows } from './stats';

/** Sort keys from here on are not Latin letters (a Khmer key stands in for a missing Latin name). */
const NON_ASCII = '\u0080';

/**
 * Latin words common enough that fetching their matches costs too much: the first page in name
 * order, block by block. A Latin name sorts by its first word, so the names starting with one word
 * form a block ([word, word + '!') in byte order: ' ' is the only character below '!' a name holds),
 * and the blocks follow one another in order. A skip scan visits the operator's first words in
 * order, lazily, until the page is full; within each block:
 *  - when every search word begins that first word, the whole block matches: walk it;
 *  - else one GIN look-up of the pieces tagged with the block's word (sdp_block_prefixes, migration
 *    0017: 'sup|chan' holds Chan Sopheap) finds exactly the block's matches, which are few: a
 *    common given name (Sopheap) is spread over every surname's block, which is why walking the
 *    order met it so late.
 * Blocks past the Latin letters (Khmer keys, a Latin name written with an accented first letter)
 * go to the general plan. Null when the words are rare: plan.ts probes them first.
 */
export async function findLatinWords(
  tx: Tx,
  q: IdQuery,
  skeletons: string[],
  need: number,
  cursor?: IdRow,
): Promise<IdRow[] | null> {
  if (!q.pieces || !skeletons.length) return null;
  const expected = await expectedRows(tx, q.pieces);
  if (expected === undefined || expected <= TUNING.probeFirst) return null;
  const rows = cursor && cursor.key >= NON_ASCII ? [] : await byBlock(tx, q, skeletons, need, cursor);
  if (rows.length >= need) return rows;
  const rest = await steps(
    tx,
    q,
    cursor && cursor.key >= NON_ASCII ? { after: cursor } : { from: NON_ASCII },
    q.indexed,
    q.pieces,
    need - rows.length,
    true,
  );
  return [...rows, ...rest.rows];
}

async function byBlock(tx: Tx, q: IdQuery, skeletons: string[], need: number, cursor?: IdRow): Promise<IdRow[]> {
  const word = sql`"b"."w"`;
  const start = cursor ? cursor.key.split(' ')[0]! : '';
  const prefixes = [...new Set(skeletons.map((s) => s.slice(0, 8)))];
  // In the index's own collation: the block word carries the name order's ("C"), and an operator
  // applied under another collation than the index's cannot use it. With the area's entry, if any.
  const tagged = [
    ...prefixes.map((p) => sql`${`${p}|`} || (${word} collate "default")`),
    ...(q.pieces?.areas ?? []).map((a) => sql`${a}`),
  ];
  // Walk the block when every search word begins its first word (the whole block matches), or
  // when the statistics say the GIN look-up would fetch many of its rows.
  const dense = await denseBlocks(tx, prefixes, TUNING.blockProbe);
  const walkBlock = sql`(${and(...skeletons.map((s) => sql`starts_with(sdp_latin_skeleton(${word}), ${s})`))}
    or ${word} = any(${sql`array[${sql.join(
      dense.map((w) => sql`${w}`),
      sql`, `,
    )}]::text[]`}))`;
  await planMode(tx, 'blocks');
  const matching = [...q.match, q.areaWalk].filter((c): c is SQL => c !== undefined);
  const result = await tx.execute(sql`
    with recursive "b"("w") as (
      (select split_part(${q.key}, ' ', 1) from ${members} where ${q.scope} and ${q.key} >= ${start} and ${q.key} < ${NON_ASCII}
        order by ${q.key} limit 1)
      union all
      select (select split_part(${q.key}, ' ', 1) from ${members}
        where ${q.scope} and ${q.key} >= "b"."w" || '!' and ${q.key} < ${NON_ASCII} order by ${q.key} limit 1)
      from "b" where "b"."w" is not null
    )
    select "r"."id", "r"."key" from "b" cross join lateral (
      (select ${members.id} as "id", ${q.key} as "key" from ${members}
        where ${and(q.scope, startingAt(q, word, cursor), sql`${q.key} < ${word} || '!'`, walkBlock, ...matching)}
        order by ${q.key}, ${members.id} limit ${need})
      union all
      -- "offset 0" plans the look-up apart from the ORDER BY … LIMIT, which would otherwise tempt
      -- PostgreSQL to walk the whole name order and check the tagged pieces row by row.
      (select "t"."id", "t"."key" from (
        select ${members.id} as "id", ${q.key} as "key" from ${members}
        where ${and(
          q.scope,
          sql`${latinPieces} @> array[${sql.join(tagged, sql`, `)}]`,
          boundsOn(q.key, { after: cursor }),
          sql`not ${walkBlock}`,
          ...matching,
        )} offset 0) as "t"
        order by "t"."key", "t"."id" limit ${need})
    ) as "r"
    where "b"."w" is not null
    limit ${need}`);
  return (rowsOf(result) as unknown as IdRow[]).map(({ id, key }) => ({ id, key }));
}
