import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { members } from '@/db/schema';
import type { Locale } from '@/db/schema/accounts';
import type { Sort } from './cursor';
import type { ParsedQuery } from './parse';

// Per database handle (tests open one per file): whether the server has ICU's Khmer collation.
// It does not change while a server runs, so it is asked once. Migration 0007 asks the same
// question to build the matching index.
const icuKhmer = new WeakMap<Db, Promise<boolean>>();

export function hasKhmerCollation(): Promise<boolean> {
  const handle = db();
  let known = icuKhmer.get(handle);
  if (!known) {
    known = handle
      .execute(sql`select exists (select 1 from pg_collation where collname = 'km-x-icu') as "ok"`)
      .then((r) => rowsOf(r)[0]?.ok === true);
    // A failed look-up is not remembered, so the next search asks again.
    known.catch(() => icuKhmer.delete(handle));
    icuKhmer.set(handle, known);
  }
  return known;
}

/**
 * Names typed in Khmer list in Khmer order, names typed in Latin letters in Latin order (the
 * script the person is reading); anything else in the interface language's order.
 */
export async function sortFor(locale: Locale, q: ParsedQuery): Promise<Sort> {
  const latin = q.kind === 'latinName' || (q.kind !== 'khmerName' && locale === 'en');
  if (latin) return 'latin';
  return (await hasKhmerCollation()) ? 'km-icu' : 'km';
}

/** A text compared the way `sort` orders. */
export function collated(sort: Sort, value: SQL): SQL<string> {
  switch (sort) {
    case 'km-icu':
      return sql<string>`(${value} collate "km-x-icu")`;
    case 'km':
      return sql<string>`(${value})::text`;
    case 'latin':
      return sql<string>`(${value} collate "C")`;
  }
}

/** The ORDER BY key; each is the leading column of an index of migration 0007. */
export function sortKey(sort: Sort): SQL<string> {
  return collated(sort, sql`${sort === 'latin' ? members.nameLatinSort : members.nameKmKey}`);
}
