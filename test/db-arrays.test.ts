import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { arrayLiteral } from '@/db/arrays';
import { rowsOf } from '@/db/rows';

// One parameter for a whole list (the search's merge and page rows): PostgreSQL must read back
// exactly the values sent, whatever they hold.
describe('arrayLiteral', () => {
  const roundTrip = async (values: string[], type: 'text' | 'uuid') =>
    rowsOf<{ v: string[] }>(
      await db().execute(
        type === 'text'
          ? sql`select ${arrayLiteral(values)}::text[] as "v"`
          : sql`select ${arrayLiteral(values)}::uuid[]::text[] as "v"`,
      ),
    )[0]!.v;

  it('gives back every text as sent: quotes, backslashes, commas, braces, spaces, NULL and Khmer', async () => {
    const values = ['ចាន់ សុខា', 'a"b', 'back\\slash', 'x,y', '{z}', ' lead', 'NULL', '', '\\"'];
    expect(await roundTrip(values, 'text')).toEqual(values);
  });

  it('gives back ids as uuids, and an empty list as an empty array', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', 'f53939f2-84cf-2bcd-6cb7-a55833b551b6'];
    expect(await roundTrip(ids, 'uuid')).toEqual(ids);
    expect(await roundTrip([], 'text')).toEqual([]);
  });
});
