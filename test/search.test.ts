import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { households, members } from '@/db/schema';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { searchParamsSchema } from '@/lib/search/schema';
import { keptLookupStatements, searchMembers } from '@/lib/search/search';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { makeHousehold, makeMembers, seedVillages, VILLAGES } from './helpers/search-data';

// Each query kind finds the right member of the caller's operator, and never another operator's.

let actor: OperatorUser;
let actorB: OperatorUser;
const ids: Record<string, string> = {};

async function find(params: Record<string, string | number>, locale: 'km' | 'en' = 'km') {
  const result = await searchMembers(actor, searchParamsSchema.parse(params), locale);
  return result;
}
const names = async (params: Record<string, string | number>, locale: 'km' | 'en' = 'km') =>
  (await find(params, locale)).items.map((m) => `${m.surnameKm}${m.givenNameKm}`.replace(/\u200B/g, ''));

beforeAll(async () => {
  await seedVillages();
  const opA = (await makeOperator()).id;
  const opB = (await makeOperator()).id;
  const h1 = await makeHousehold(opA, { code: 'PWDF-000123', idpoorNumber: '12345678-5123', phone: '+85511222333' });
  const h2 = await makeHousehold(opA, { code: 'PWDF-000124', village: VILLAGES.b });
  const [dara, chenda, mom] = await makeMembers(opA, h1.id, [
    {
      surnameKm: 'សុខ',
      givenNameKm: 'ដារា',
      surnameLatin: 'Sok',
      givenNameLatin: 'Dara',
      sex: 'M',
      birthDate: '1980-05-01',
      khmerId: '123456789',
      phone: '+85592123456',
    },
    {
      surnameKm: 'ហេង',
      givenNameKm: 'ចិន្តា',
      surnameLatin: 'Heng',
      givenNameLatin: 'Chenda',
      sex: 'F',
      birthDate: '2020-02-29',
      relationship: 'child',
      hasDisability: true,
    },
    {
      surnameKm: 'ស៊ុន',
      givenNameKm: 'ស្រី\u200Bមុំ',
      surnameLatin: 'Sun',
      givenNameLatin: 'Sreymom',
      birthYear: 1950,
      status: 'deceased',
    },
  ]);
  const [sokha, sokhar] = await makeMembers(opA, h2.id, [
    { surnameKm: 'ចាន់', givenNameKm: 'សុខា', surnameLatin: 'Chan', givenNameLatin: 'Sokha', sex: 'F', birthYear: 1995 },
    // Written the other way round, and spelt differently: the same kind of person, as found in practice.
    {
      surnameKm: 'គឹម',
      givenNameKm: 'សុខា',
      surnameLatin: 'Sokhar',
      givenNameLatin: 'Kim',
      sex: 'M',
      birthDate: '2010-07-15',
    },
  ]);
  Object.assign(ids, { dara: dara!.id, chenda: chenda!.id, mom: mom!.id, sokha: sokha!.id, sokhar: sokhar!.id });
  // Another operator with the very same names, numbers and codes.
  const hb = await makeHousehold(opB, { code: 'PWDF-000123', idpoorNumber: '12345678-5123', phone: '+85511222333' });
  const [darab, chendab] = await makeMembers(opB, hb.id, [
    {
      surnameKm: 'សុខ',
      givenNameKm: 'ដារា',
      surnameLatin: 'Sok',
      givenNameLatin: 'Dara',
      khmerId: '123456789',
      phone: '+85592123456',
    },
    { surnameKm: 'ហេង', givenNameKm: 'ចិន្តា', surnameLatin: 'Heng', givenNameLatin: 'Chenda' },
  ]);
  Object.assign(ids, { darab: darab!.id, chendab: chendab!.id });
  await signInAs((await makeUser({ operatorId: opB, roles: ['viewer'] })).id);
  actorB = await requireRole('households');
  const user = await makeUser({ operatorId: opA, roles: ['viewer'] });
  await signInAs(user.id);
  actor = await requireRole('households');
});

describe('the search box', () => {
  it('finds a Khmer name by a fragment, a whole name, or a name typed with a space', async () => {
    expect(await names({ q: 'ដារា' })).toEqual(['សុខដារា']);
    expect(await names({ q: 'សុខ ដារា' })).toEqual(['សុខដារា']);
    expect(await names({ q: 'ខដា' })).toEqual(['សុខដារា']);
    expect((await names({ q: 'សុខា' })).sort()).toEqual(['គឹមសុខា', 'ចាន់សុខា']);
  });

  it('finds a Khmer name typed with zero-width spaces or coeng DA for its look-alike coeng TA', async () => {
    expect(await names({ q: 'ចិន្ដា' })).toEqual(['ហេងចិន្តា']);
    expect(await names({ q: 'ហេង\u200B ចិន្ដា' })).toEqual(['ហេងចិន្តា']);
    expect(await names({ q: 'ស្រីមុំ' })).toEqual(['ស៊ុនស្រីមុំ']);
    expect(await names({ q: 'ស្រី\u200Bមុំ' })).toEqual(['ស៊ុនស្រីមុំ']);
  });

  it('finds a Latin name in any order, partly typed, and spelt another way', async () => {
    for (const q of ['Sok Dara', 'dara sok', 'DARA', 'Darah', 'dar', 'So Da'])
      expect(await names({ q }), q).toContain('សុខដារា');
    for (const q of ['sokha', 'Sokkha', 'sokhar', 'kim sokha', 'Sokha Kim'])
      expect(await names({ q }), q).toContain('គឹមសុខា');
    expect((await names({ q: 'sokkha' })).sort()).toEqual(['គឹមសុខា', 'ចាន់សុខា']);
    // e/i and o/u are written either way.
    expect(await names({ q: 'Chinda Heng' })).toEqual(['ហេងចិន្តា']);
    expect(await names({ q: 'Hing' })).toEqual(['ហេងចិន្តា']);
    expect(await names({ q: 'Sok Vanna' })).toEqual([]);
  });

  it('finds a member by Khmer ID, exactly', async () => {
    expect((await find({ q: '123456789' })).items.map((m) => m.memberId)).toEqual([ids.dara]);
    expect((await find({ q: '123 456 789' })).items.map((m) => m.memberId)).toEqual([ids.dara]);
    expect((await find({ q: '12345678' })).items).toEqual([]);
    expect((await find({ q: '123456789' })).matchedAs).toContain('khmerId');
  });

  it("finds a member by phone, and a household's members by the household's phone", async () => {
    expect((await find({ q: '092 123 456' })).items.map((m) => m.memberId)).toEqual([ids.dara]);
    expect((await find({ q: '+855 92 123 456' })).items.map((m) => m.memberId)).toEqual([ids.dara]);
    expect((await names({ q: '011 222 333' })).sort()).toEqual(['ស៊ុនស្រីមុំ', 'សុខដារា', 'ហេងចិន្តា'].sort());
  });

  it('finds all members of a household by its code or its IDPoor number', async () => {
    expect((await names({ q: 'pwdf-000123' })).sort()).toEqual(['ស៊ុនស្រីមុំ', 'សុខដារា', 'ហេងចិន្តា'].sort());
    expect((await names({ q: '12345678-5123' })).sort()).toEqual(['ស៊ុនស្រីមុំ', 'សុខដារា', 'ហេងចិន្តា'].sort());
    expect((await find({ q: 'PWDF-000999' })).items).toEqual([]);
  });

  it("answers each operator's look-ups with its own members, the same kept statement serving both", async () => {
    // A plain look-up's statement is built once per shape and kept (search.ts, lookupPage), the operator bound each time.
    // What operator B has for each: the member by Khmer ID and own phone, the household by the others.
    const ofB: Record<string, string[]> = {
      '123456789': [ids.darab!],
      '092 123 456': [ids.darab!],
      '011 222 333': [ids.darab!, ids.chendab!].sort(),
      'PWDF-000123': [ids.darab!, ids.chendab!].sort(),
      '12345678-5123': [ids.darab!, ids.chendab!].sort(),
    };
    const idsOf = async (who: OperatorUser, q: string) =>
      (await searchMembers(who, searchParamsSchema.parse({ q }), 'km')).items.map((m) => m.memberId).sort();
    for (let round = 0; round < 2; round++) {
      for (const [q, expected] of Object.entries(ofB)) {
        const a = await idsOf(actor, q);
        const kept = keptLookupStatements();
        expect(await idsOf(actorB, q), q).toEqual(expected);
        // B's look-up ran the statement A's had kept: no new one was built for it.
        expect(keptLookupStatements(), q).toBe(kept);
        expect(a.length, q).toBeGreaterThan(0);
        expect(
          a.some((id) => expected.includes(id)),
          q,
        ).toBe(false);
      }
    }
    expect(keptLookupStatements()).toBeGreaterThan(0);
    // At once, interleaved: each still gets its own.
    const both = await Promise.all(Object.keys(ofB).flatMap((q) => [idsOf(actor, q), idsOf(actorB, q)]));
    Object.values(ofB).forEach((expected, i) => {
      expect(both[2 * i + 1]).toEqual(expected);
      expect(both[2 * i]!.some((id) => expected.includes(id))).toBe(false);
    });
  });

  it('shows what a list may show: names, household, place, a masked Khmer ID, no SPID yet', async () => {
    const [hit] = (await find({ q: '123456789' })).items;
    expect(hit).toMatchObject({
      surnameKm: 'សុខ',
      givenNameKm: 'ដារា',
      surnameLatin: 'Sok',
      givenNameLatin: 'Dara',
      sex: 'M',
      birthDate: '1980-05-01',
      birthYear: 1980,
      birthEstimated: false,
      status: 'active',
      householdCode: 'PWDF-000123',
      villageCode: VILLAGES.a,
      villageNameKm: 'អូរធំ',
      villageNameLatin: 'Ou Thum',
      communeNameLatin: 'Banteay Neang',
      khmerIdMasked: '******789',
      spid: null,
    });
    expect(JSON.stringify(hit)).not.toContain('123456789');
  });
});

describe('filters', () => {
  it('by place: province, district, commune, village', async () => {
    expect((await names({ province: '02' })).sort()).toEqual(['គឹមសុខា', 'ចាន់សុខា']);
    expect((await names({ q: 'សុខា', village: VILLAGES.b })).sort()).toEqual(['គឹមសុខា', 'ចាន់សុខា']);
    expect(await names({ q: 'សុខា', province: '01' })).toEqual([]);
    expect((await names({ district: '0102', commune: '010201' })).length).toBe(3);
  });

  it('by sex, disability and status', async () => {
    expect(await names({ q: 'សុខា', sex: 'M' })).toEqual(['គឹមសុខា']);
    expect(await names({ disability: 'true' })).toEqual(['ហេងចិន្តា']);
    expect(await names({ status: 'deceased' })).toEqual(['ស៊ុនស្រីមុំ']);
    expect((await names({ status: 'active' })).length).toBe(4);
  });

  it('by age: from the birth date when known, else from the birth year', async () => {
    const now = new Date();
    const age = (born: string) => {
      const b = new Date(`${born}T00:00:00+07:00`);
      let a = now.getUTCFullYear() - b.getUTCFullYear();
      if (
        now.getUTCMonth() < b.getUTCMonth() ||
        (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate())
      )
        a -= 1;
      return a;
    };
    const dara = age('1980-05-01');
    expect(await names({ ageMin: dara, ageMax: dara, q: 'Dara' })).toEqual(['សុខដារា']);
    expect(await names({ ageMin: dara + 1, q: 'Dara' })).toEqual([]);
    const momAge = now.getUTCFullYear() - 1950;
    expect(await names({ ageMin: momAge, ageMax: momAge })).toEqual(['ស៊ុនស្រីមុំ']);
    expect(await names({ ageMax: 17, q: 'sokha' })).toEqual(['គឹមសុខា']);
  });
});

describe('order', () => {
  it('lists Khmer names in Khmer order in Khmer, Latin names in Latin order in English', async () => {
    const km = await find({ province: '01' }, 'km');
    expect(km.sort === 'km-icu' || km.sort === 'km').toBe(true);
    const en = await find({ province: '01' }, 'en');
    expect(en.sort).toBe('latin');
    expect(en.items.map((m) => m.surnameLatin)).toEqual(['Heng', 'Sok', 'Sun']);
    // A Latin query lists in Latin order whatever the language.
    expect((await find({ q: 'sokha' }, 'km')).sort).toBe('latin');
  });

  it('refuses a cursor from the other order', async () => {
    const first = await find({ limit: 1 }, 'en');
    await expect(find({ limit: 1, cursor: first.nextCursor! }, 'km')).rejects.toMatchObject({ code: 'INVALID' });
  });
});

// Last in this file: it adds and moves rows the tests above count.
describe('a name within an area, after moves', () => {
  it('follows a household that moves to another village, and a member who moves to another household', async () => {
    const [member] = await db()
      .select({ operatorId: members.operatorId })
      .from(members)
      .where(eq(members.id, ids.dara!));
    const opA = member!.operatorId;
    const home = await makeHousehold(opA);
    const [vibol] = await makeMembers(opA, home.id, [
      { surnameKm: 'ប៊ុន', givenNameKm: 'វិបុល', surnameLatin: 'Bun', givenNameLatin: 'Vibol', sex: 'M', birthYear: 1970 },
    ]);
    expect(await names({ q: 'វិបុល', province: '01' })).toEqual(['ប៊ុនវិបុល']);
    expect(await names({ q: 'vibul', village: VILLAGES.b })).toEqual([]);

    await db().update(households).set({ villageCode: VILLAGES.b }).where(eq(households.id, home.id));
    expect(await names({ q: 'វិបុល', province: '01' })).toEqual([]);
    expect(await names({ q: 'vibul', village: VILLAGES.b })).toEqual(['ប៊ុនវិបុល']);
    expect(await names({ q: 'បុល', district: '0203' })).toEqual(['ប៊ុនវិបុល']);

    const elsewhere = await makeHousehold(opA);
    await db().update(members).set({ householdId: elsewhere.id }).where(eq(members.id, vibol!.id));
    expect(await names({ q: 'vibol', commune: '010201' })).toEqual(['ប៊ុនវិបុល']);
    expect(await names({ q: 'vibol', province: '02' })).toEqual([]);
  });
});
