import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { khmerPieces } from '@/lib/search/conditions';
import type { Tx } from '@/lib/search/plan';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { sharpPieces } from '@/lib/search/stats';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { makeHousehold, makeMembers, seedVillages, VILLAGES } from './helpers/search-data';
import { ownerDb } from './helpers/owner';

// A Khmer probe leaves a piece group that most names hold out of its GIN condition (its posting lists
// are the longest to read and narrow little): the search still finds exactly the fragment's bearers.
// Its own file: the statistics snapshot is per database handle, and this one must be read after ANALYZE.

let actor: OperatorUser;
// Every given name starts with សុ; only សុភា holds ុភ and ភា.
const GIVEN = ['សុខា', 'សុខុម', 'សុជាតិ', 'សុធា', 'សុវណ្ណ', 'សុភា'];

beforeAll(async () => {
  await seedVillages();
  const op = (await makeOperator()).id;
  for (const village of [VILLAGES.a, VILLAGES.b]) {
    const h = await makeHousehold(op, { village });
    await makeMembers(
      op,
      h.id,
      Array.from({ length: 120 }, (_, i) => ({
        surnameKm: ['ចាន់', 'ហេង', 'ពៅ', 'ឯក'][i % 4]!,
        givenNameKm: i % 12 === 0 ? 'សុភា' : GIVEN[i % 5]!,
        sex: i % 2 ? 'F' : 'M',
        birthYear: 1950 + (i % 50),
      })),
    );
  }
  // As the owner: before PostgreSQL 17 the app role's ANALYZE is skipped (test/helpers/owner.ts).
  await ownerDb().execute(sql`analyze members`);
  const user = await makeUser({ operatorId: op, roles: ['enrolment_officer'] });
  await signInAs(user.id);
  actor = await requireRole('households');
});

describe('a Khmer probe without its common pieces', () => {
  it('drops the group every name holds, keeps the rarer groups and the area', async () => {
    const { pieces } = khmerPieces('សុភា', ['start', 'given', 'inside'], `@${VILLAGES.a}`)!;
    expect(pieces.groups).toHaveLength(3);
    const sharp = await sharpPieces(db() as unknown as Tx, pieces);
    expect(sharp?.groups).toEqual(pieces.groups.slice(1));
    expect(sharp?.areas).toEqual([`@${VILLAGES.a}`]);
  });

  it('keeps a lone group, however common', async () => {
    const { pieces } = khmerPieces('សុ', ['start', 'given', 'inside'])!;
    expect(await sharpPieces(db() as unknown as Tx, pieces)).toBeUndefined();
  });

  it('still finds exactly the bearers, in the village and everywhere, in name order', async () => {
    for (const filter of [{ village: VILLAGES.a }, {}]) {
      const page = await searchMembers(actor, searchParamsSchema.parse({ q: 'សុភា', limit: 100, ...filter }), 'km');
      const names = page.items.map((m) => `${m.surnameKm} ${m.givenNameKm}`);
      expect(names).toHaveLength(filter.village ? 10 : 20);
      expect(names.every((n) => n.endsWith('សុភា'))).toBe(true);
      expect(names).toEqual([...names].sort(new Intl.Collator('km').compare));
    }
  });
});
