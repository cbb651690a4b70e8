import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { members } from '@/db/schema';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { bigrams } from '@/lib/search/conditions';
import { TUNING } from '@/lib/search/plan';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { rowsOf } from '@/db/rows';
import { khmerKey, khmerNameKey } from '@/lib/text/normalise';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { makeHousehold, makeMembers, seedVillages } from './helpers/search-data';
import { ownerDb } from './helpers/owner';

// The database's own Khmer key of a surname (migration 0016) and the name pieces that tell a given
// name's start from its inside: search reaches a given name's bearers surname by surname with them.

// Letters, vowels and the signs names use (the rarest marks of the block reorder differently under
// the Unicode versions of Node and PostgreSQL; they do not occur in names, and a key that differs
// only costs search a marked given name, not a match).
const khmerChar = fc.constantFrom(...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអឥឧឪឯឱាិីឹឺុូួើឿៀេែៃោៅំះ្់៉៊');
const messyKhmer = fc
  .array(fc.oneof(khmerChar, fc.constantFrom(' ', '\u00A0', '\t', '\u200B', '\u200C', '\uFEFF', '\u17D2\u178A')), {
    minLength: 1,
    maxLength: 16,
  })
  .map((a) => a.join(''));
const cleanKhmer = fc.array(khmerChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

async function khmerKeys(inputs: string[]): Promise<string[]> {
  const result = await db().execute(sql`select array_agg(sdp_khmer_key(t) order by i) as "out"
    from unnest(array[${sql.join(
      inputs.map((s) => sql`${s}`),
      sql`, `,
    )}]::text[]) with ordinality as x(t, i)`);
  return rowsOf(result)[0]!.out as string[];
}

async function pieces(key: string, surname: string): Promise<string[]> {
  const result = await db().execute(sql`select sdp_name_pieces(${key}, ${surname}) as "p"`);
  return rowsOf(result)[0]!.p as string[];
}

describe('the database side of Khmer name keys', () => {
  it('sdp_khmer_key gives the key lib/text/normalise.ts gives, for messy input', async () => {
    const inputs = fc.sample(messyKhmer, { numRuns: 300, seed: 20261127 });
    expect(await khmerKeys(inputs)).toEqual(inputs.map(khmerKey));
  });

  it('marks the name start with ^ and the given name start with ~, every other piece plain', async () => {
    const samples = fc.sample(fc.tuple(cleanKhmer, cleanKhmer), { numRuns: 60, seed: 7 });
    for (const [surname, given] of samples) {
      const key = khmerNameKey(surname, given);
      const sk = khmerKey(surname);
      const got = await pieces(key, sk);
      const chars = [...key];
      const at = [...sk].length;
      const expected = new Set([`^${chars.slice(0, 2).join('')}`]);
      for (let i = 1; i < chars.length - 1; i++)
        expected.add(`${i === at && key.startsWith(sk) ? '~' : ''}${chars[i]}${chars[i + 1]}`);
      expect(new Set(got), `${surname} ${given}`).toEqual(expected);
      // Every plain piece of the key is there in one of its forms.
      for (const b of bigrams(key)) expect(got.some((p) => p === b || p === `^${b}` || p === `~${b}`)).toBe(true);
    }
  });

  it('marks no given name when the surname key does not start the name key', async () => {
    expect(await pieces('ចាន់ដារា', 'ហេង')).toEqual(expect.not.arrayContaining([expect.stringMatching(/^~/)]));
  });
});

describe('finding a fragment wherever it stands in a name', () => {
  let actor: OperatorUser;
  beforeAll(async () => {
    await seedVillages();
    const op = (await makeOperator()).id;
    const h = await makeHousehold(op);
    await makeMembers(
      op,
      h.id,
      [
        { surnameKm: 'សុខ', givenNameKm: 'ដារា' }, // at the name's start
        { surnameKm: 'ចាន់', givenNameKm: 'សុខា' }, // at the given name's start
        { surnameKm: 'ហេង', givenNameKm: 'ស្រីសុខា' }, // inside a compound given name
        { surnameKm: 'សុខុម', givenNameKm: 'ដារា' }, // a surname that extends another
        { surnameKm: 'ពៅ', givenNameKm: '\u200Bសុ ខា' }, // typed with a zero-width and a plain space
        { surnameKm: 'ឯក', givenNameKm: 'ចិន្ដា' }, // coeng DA, found as coeng TA
      ].map((m, i) => ({ ...m, sex: i % 2 ? 'F' : 'M', birthYear: 1970 + i })),
    );
    // As the owner: before PostgreSQL 17 the app role's ANALYZE is skipped (test/helpers/owner.ts).
    await ownerDb().execute(sql`analyze members`);
    const user = await makeUser({ operatorId: op, roles: ['enrolment_officer'] });
    await signInAs(user.id);
    actor = await requireRole('households');
  });

  const find = async (q: string) =>
    (await searchMembers(actor, searchParamsSchema.parse({ q }), 'km')).items.map((m) =>
      `${m.surnameKm} ${m.givenNameKm}`.replace(/\u200B/g, ''),
    );

  it('at the name start, the given name start and inside a word', async () => {
    const found = await find('សុខ');
    expect(new Set(found)).toEqual(new Set(['សុខ ដារា', 'ចាន់ សុខា', 'ហេង ស្រីសុខា', 'សុខុម ដារា', 'ពៅ សុ ខា']));
    expect(await find('ខា')).toHaveLength(3);
    expect(await find('ខុម')).toEqual(['សុខុម ដារា']);
    expect(await find('ន់ស')).toEqual(['ចាន់ សុខា']); // across the surname and the given name
    expect(await find('ចិន្តា')).toEqual(['ឯក ចិន្ដា']);
  });

  it('stores each member surname key as the database computes it', async () => {
    const rows = await db()
      .select({ surname: members.surnameKm, key: members.surnameKmKey })
      .from(members)
      .where(eq(members.surnameKm, 'សុខុម'));
    expect(rows).toEqual([{ surname: 'សុខុម', key: 'សុខុម' }]);
  });
});

describe('surnames whose bearers interleave in name order', () => {
  const defaults = { ...TUNING };
  afterEach(() => Object.assign(TUNING, defaults));

  it('finds a longer surname bearer that sorts before a shorter surname bearer', async () => {
    // ស < សក as surnames, but សក·ដារា < ស·ដារា as names: the surname visited second holds the first names.
    const op = (await makeOperator()).id;
    const h = await makeHousehold(op);
    await makeMembers(op, h.id, [
      ...Array.from({ length: 8 }, (_, i) => ({ surnameKm: 'ស', givenNameKm: 'ដារា', birthYear: 1960 + i })),
      { surnameKm: 'សក', givenNameKm: 'ដារា', birthYear: 1990 },
      { surnameKm: 'សក', givenNameKm: 'ដារាវី', birthYear: 1991 },
    ]);
    // As the owner: before PostgreSQL 17 the app role's ANALYZE is skipped (test/helpers/owner.ts).
    await ownerDb().execute(sql`analyze members`);
    const user = await makeUser({ operatorId: op, roles: ['enrolment_officer'] });
    await signInAs(user.id);
    const actor = await requireRole('households');
    // Through the surnames (no probe of the given names), inside matches probed (no walk that would meet them anyway).
    Object.assign(TUNING, { probeFirst: 0, probeRowCost: 0 });
    const page = await searchMembers(actor, searchParamsSchema.parse({ q: 'ដារា', limit: 4 }), 'km');
    expect(page.items.map((m) => `${m.surnameKm} ${m.givenNameKm}`)).toEqual([
      'សក ដារា',
      'សក ដារាវី',
      'ស ដារា',
      'ស ដារា',
    ]);
  });
});
