import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { members } from '@/db/schema';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { areaFilter, lookupCondition, memberFilters, nameMatch } from '@/lib/search/conditions';
import { parseQuery } from '@/lib/search/parse';
import { TUNING } from '@/lib/search/plan';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { rowsOf } from '@/db/rows';
import { sortFor, sortKey } from '@/lib/search/sort';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { makeHousehold, makeMembers, seedVillages, VILLAGES, type MemberSeed } from './helpers/search-data';
import { ownerDb } from './helpers/owner';

// Paging through any search gives every match once, in order — whichever steps the plan takes.
// The reference is one plain query with the same rule and ORDER BY; tiny bounds make the plan take
// every step (bounded walk, walk on, probe, regions) on a hundred rows.

const SURNAMES = [
  ['សុខ', 'Sok'],
  ['ចាន់', 'Chan'],
  ['ហេង', 'Heng'],
  ['ឯក', 'Ék'],
  ['ស៊ុន', 'Sun'],
  ['សុខុម', 'Sokhom'],
] as const;
const GIVEN = [
  ['ដារា', 'Dara'],
  ['សុខា', 'Sokha'],
  ['វណ្ណា', 'Vanna'],
  ['ចិន្តា', 'Chenda'],
  ['ស្រីមុំ', 'Sreymom'],
  ['បូរ៉ា', 'Bora'],
] as const;
const DEFAULTS = { ...TUNING };
const NOW = new Date();

let actor: OperatorUser;

function seeds(n: number, offset: number): MemberSeed[] {
  return Array.from({ length: n }, (_, i) => {
    const [sKm, sLa] = SURNAMES[(i + offset) % SURNAMES.length]!;
    const [gKm, gLa] = GIVEN[Math.floor((i + offset) / SURNAMES.length) % GIVEN.length]!;
    const reversed = i % 5 === 0;
    return {
      surnameKm: sKm,
      givenNameKm: gKm,
      surnameLatin: reversed ? gLa : sLa,
      givenNameLatin: reversed ? sLa : gLa,
      sex: i % 2 ? 'F' : 'M',
      birthYear: 1940 + ((i * 7) % 80),
      birthDate: i % 3 ? null : `${1940 + ((i * 7) % 80)}-03-10`,
      hasDisability: i % 9 === 0,
      status: i % 11 === 0 ? 'exited' : 'active',
    };
  });
}

async function reference(params: Record<string, string | number>, locale: 'km' | 'en'): Promise<string[]> {
  const p = searchParamsSchema.parse(params);
  const parsed = parseQuery(p.q);
  const words = parsed.kind === 'latinName' ? parsed.words : [];
  const skeletons = words.length
    ? (rowsOf(
        await db().execute(
          sql`select array_agg(sdp_latin_skeleton(w)) as "s" from unnest(array[${sql.join(
            words.map((w) => sql`${w}`),
            sql`, `,
          )}]::text[]) as w`,
        ),
      )[0]!.s as string[])
    : [];
  const sort = await sortFor(locale, parsed);
  const rows = await db()
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.operatorId, actor.operatorId),
        nameMatch(parsed, skeletons)?.exact,
        lookupCondition(actor, parsed),
        ...memberFilters(p, NOW),
        areaFilter(actor, p, true),
      ),
    )
    .orderBy(sortKey(sort), members.id);
  return rows.map((r) => r.id);
}

async function allPages(
  params: Record<string, string | number>,
  locale: 'km' | 'en',
  limit: number,
): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const result = await searchMembers(actor, searchParamsSchema.parse({ ...params, limit, cursor }), locale, NOW);
    out.push(...result.items.map((m) => m.memberId));
    if (!result.nextCursor) return out;
    expect(result.items.length).toBe(limit);
    cursor = result.nextCursor;
  }
  throw new Error('too many pages');
}

const QUERIES: Record<string, string | number>[] = [
  {},
  { q: 'សុខ' },
  { q: 'ា' },
  { q: 'ដា' },
  { q: 'ឯក' },
  { q: 'ស៊ុន ស្រី' },
  { q: 'sok' },
  { q: 'dara sok' },
  { q: 's' },
  { q: 'chinda' },
  { q: 'Sreymom Sun' },
  { sex: 'F' },
  { province: '02' },
  { q: 'សុខ', village: VILLAGES.b },
  { q: 'so', ageMin: 18, ageMax: 60 },
  { disability: 'true' },
  { q: 'ចាន់', status: 'exited' },
  { q: 'ដា', province: '02' },
  { q: 'ស', district: '0102', sex: 'F' },
  { q: 'sok', commune: '010201' },
  { q: 'dara', province: '01' },
  // Where a Khmer fragment stands: inside a compound given name, across surname and given name, a
  // given name's start with a filter, a surname that extends another (សុខុម after សុខ).
  { q: 'មុំ' },
  { q: 'ខស' },
  { q: 'ន់ដ' },
  { q: 'ដា', sex: 'F' },
  { q: 'សុខា' },
  { q: 'ស្រី' },
  { q: 'ខុម' },
  { q: 'ដារា', ageMin: 30 },
  // A Latin name whose first letter is not ASCII sorts after all the others (latin.ts's last stretch).
  { q: 'ek' },
  { q: 'dara ek' },
  { q: 'zzz' },
];

beforeAll(async () => {
  await seedVillages();
  const opA = (await makeOperator()).id;
  const opB = (await makeOperator()).id;
  const [h1, h2, hb] = [
    // Its code, IDPoor number and phone each find its 70 members: lookups that take several pages.
    await makeHousehold(opA, { code: 'PAGE-000070', idpoorNumber: '12345678-0070', phone: '+85512345070' }),
    await makeHousehold(opA, { village: VILLAGES.b }),
    await makeHousehold(opB),
  ];
  await makeMembers(opA, h1.id, seeds(70, 0));
  await makeMembers(opA, h2.id, seeds(50, 3));
  await makeMembers(opB, hb.id, seeds(40, 1));
  // Statistics for the GIN indexes' pieces, which decide whether a probe is worth it.
  // As the owner: before PostgreSQL 17 the app role's ANALYZE is skipped (test/helpers/owner.ts).
  await ownerDb().execute(sql`analyze members`);
  const user = await makeUser({ operatorId: opA, roles: ['enrolment_officer'] });
  await signInAs(user.id);
  actor = await requireRole('households');
});

afterEach(() => Object.assign(TUNING, DEFAULTS));

describe('paging', () => {
  const tunings = [
    ['as configured', DEFAULTS],
    ['with tiny bounds', { walkBound: 3, probeCap: 4, walkOnLimit: 6, ginBudget: 1e9 }],
    ['with tiny bounds and no probe worth it', { walkBound: 3, probeCap: 4, walkOnLimit: 6, ginBudget: 0 }],
    ['with every probe first', { walkBound: 3, probeCap: 4, walkOnLimit: 6, ginBudget: 1e9, probeFirst: 1e9 }],
    [
      'with probes preferred to walking on',
      { walkBound: 3, probeCap: 1e6, walkOnLimit: 1e6, ginBudget: 1e9, probeRowCost: 0 },
    ],
    // Khmer fragments through the surnames and ranges (khmer.ts), in an area too.
    ['with no probe first', { probeFirst: 0 }],
    ['with no probe first and every Latin block looked up', { probeFirst: 0, blockProbe: 1e9 }],
    ['with no probe first and every Latin block walked', { probeFirst: 0, blockProbe: 0 }],
    ['with no probe first and tiny bounds', { walkBound: 3, probeCap: 4, walkOnLimit: 6, probeFirst: 0 }],
  ] as const;
  for (const [label, tuning] of tunings) {
    it(`gives every match once, in order, ${label}`, async () => {
      Object.assign(TUNING, tuning);
      for (const locale of ['km', 'en'] as const) {
        for (const params of QUERIES) {
          const expected = await reference(params, locale);
          const got = await allPages(params, locale, 7);
          expect(got, `${locale} ${JSON.stringify(params)}`).toEqual(expected);
        }
      }
    }, 120_000);
  }

  // A lookup by number or code is one statement outside the plan's steps (search.ts directPage; its
  // first page with no filter a statement kept per shape, lookupPage): the two must agree on order and keys.
  it('pages through a lookup in name order, with a filter too', async () => {
    for (const locale of ['km', 'en'] as const) {
      for (const q of ['PAGE-000070', 'page-000070', '123456780070', '012 345 070']) {
        for (const params of [{ q }, { q, sex: 'F' }, { q, province: '02' }] as Record<string, string>[]) {
          const expected = await reference(params, locale);
          expect(expected.length, `${q} ${JSON.stringify(params)}`).toBeGreaterThanOrEqual(params.province ? 0 : 30);
          expect(await allPages(params, locale, 7), `${locale} ${JSON.stringify(params)}`).toEqual(expected);
        }
      }
    }
  });

  it('finds something for most of these queries (the comparison above is not empty-to-empty)', async () => {
    const sizes = await Promise.all(QUERIES.map((q) => reference(q, 'km').then((ids) => ids.length)));
    expect(sizes.filter((n) => n > 7).length).toBeGreaterThan(14);
    expect(sizes.at(-1)).toBe(0);
  });
});
