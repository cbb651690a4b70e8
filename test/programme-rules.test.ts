import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { adminUnits, households, members, type Disability } from '@/db/schema';
import type { Tenant } from '@/lib/auth/scope';
import { countQualifying, householdAmounts, type HouseholdAmount } from '@/lib/programmes/rules-sql';
import {
  benefitRules,
  levelsAtLeast,
  type BenefitRules,
  type HouseholdCondition,
  type HouseholdFields,
  type MemberCondition,
} from '@/lib/programmes/rules';
import { khmerNameKey } from '@/lib/text/normalise';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits, OTHER_VILLAGE_SAME_COMMUNE, VILLAGE, VILLAGE_ELSEWHERE } from './helpers/households';

// Fixture units (test/helpers/households.ts): VILLAGE is in commune 010201 Banteay Neang, a khum (rural);
// VILLAGE_ELSEWHERE is in 120101 Tonle Basak, a sangkat (urban). The test checks both types below.
const RURAL = VILLAGE;
const URBAN = VILLAGE_ELSEWHERE;
const PAY = '2026-06-15';

const poorOrDisabled: MemberCondition[] = [{ maxAge: 5 }, { minAge: 60 }, { disability: 'aLot' }];

/** The COVID-era cash transfer, as data. */
const COVID_RULES = {
  currency: 'KHR',
  eligibility: { idpoorLevels: [1, 2] },
  household: [
    { when: { setting: 'urban' }, amount: 120_000 },
    { when: { setting: 'rural' }, amount: 80_000 },
  ],
  members: [
    { when: { idpoorLevels: [1], setting: 'urban', anyOf: poorOrDisabled }, amount: 52_000 },
    { when: { idpoorLevels: [1], setting: 'rural', anyOf: poorOrDisabled }, amount: 40_000 },
    { when: { idpoorLevels: [2], setting: 'urban', anyOf: poorOrDisabled }, amount: 40_000 },
    { when: { idpoorLevels: [2], setting: 'rural', anyOf: poorOrDisabled }, amount: 30_000 },
  ],
  cap: 280_000,
};

interface Seed {
  birthDate?: string;
  birthYear?: number;
  sex?: 'F' | 'M';
  disability?: Disability;
  status?: 'active' | 'deceased' | 'exited';
  deathDate?: string;
}

async function household(
  actor: Tenant,
  o: { village: string; idpoorLevel: 1 | 2 | null; status?: 'active' | 'closed' },
  seeds: Seed[],
): Promise<string> {
  const [h] = await db()
    .insert(households)
    .values({
      operatorId: actor.operatorId,
      code: `PR-${randomUUID().slice(0, 8)}`,
      villageCode: o.village,
      idpoorLevel: o.idpoorLevel,
      status: o.status ?? 'active',
    })
    .returning({ id: households.id });
  if (seeds.length)
    await db()
      .insert(members)
      .values(
        seeds.map((s, i) => ({
          operatorId: actor.operatorId,
          householdId: h!.id,
          surnameKm: 'សុខ',
          givenNameKm: 'ដារ៉ា',
          nameKmKey: khmerNameKey('សុខ', 'ដារ៉ា'),
          sex: s.sex ?? 'F',
          birthDate: s.birthDate ?? null,
          birthYear: s.birthYear ?? Number(s.birthDate!.slice(0, 4)),
          birthEstimated: !s.birthDate,
          relationship: i === 0 ? 'head' : 'other_relative',
          disability: s.disability ?? null,
          hasDisability: Object.values(s.disability ?? {}).some((l) => l !== 'none'),
          status: s.status ?? 'active',
          deathDate: s.deathDate ?? null,
        })),
      );
  return h!.id;
}

const byId = (rows: HouseholdAmount[]) => new Map(rows.map((r) => [r.householdId, r]));

describe('benefit rules evaluated in SQL (the COVID-era transfer)', () => {
  let a: Tenant;
  let b: Tenant;
  const ids: Record<string, string> = {};
  let rules: BenefitRules;

  beforeAll(async () => {
    await ensureUnits();
    a = { operatorId: (await makeOperator()).id };
    b = { operatorId: (await makeOperator()).id };
    rules = benefitRules.parse(COVID_RULES);

    // Urban, level 1: two children ≤5, a grandmother of 76 and an adult who cannot walk: 4 × 52,000 +
    // 120,000 = 328,000, capped at 280,000.
    const urbanSeeds: Seed[] = [
      { birthDate: '1986-03-01', sex: 'M' },
      { birthDate: '2022-01-01' },
      { birthDate: '2024-11-30', sex: 'M' },
      { birthDate: '1950-02-02' },
      { birthDate: '1990-07-07', disability: { walking: 'cannot', seeing: 'none' } },
    ];
    ids.urban1 = await household(a, { village: URBAN, idpoorLevel: 1 }, urbanSeeds);

    // Rural, level 2: age boundaries on the payment date.
    ids.rural2 = await household(a, { village: RURAL, idpoorLevel: 2 }, [
      { birthDate: '1991-01-01', sex: 'M' }, // 35: no
      { birthDate: '2020-06-14' }, // turned 6 the day before: no
      { birthDate: '2020-06-15' }, // turns 6 on the day: no
      { birthDate: '2020-06-16' }, // turns 6 the day after: 5, yes
      { birthDate: '1966-06-15' }, // turns 60 on the day: yes
      { birthDate: '1966-06-16' }, // 59 until tomorrow: no
      { birthYear: 1966 }, // estimated: 2026 − 1966 = 60, yes
      { birthYear: 2021 }, // estimated: 5, yes
      { birthYear: 2020 }, // estimated: 6, no
    ]);

    // Rural, level 1: who does not count.
    ids.rural1 = await household(a, { village: RURAL, idpoorLevel: 1 }, [
      { birthDate: '1986-01-01', sex: 'M' }, // 40: no
      { birthDate: '1950-01-01', status: 'deceased', deathDate: '2026-06-01' }, // died before: no
      { birthDate: '1951-01-01', deathDate: '2026-06-14' }, // status not yet updated, died the day before: no
      { birthDate: '2024-01-01', status: 'exited' }, // exited: no
      { birthDate: '1996-01-01', disability: { seeing: 'some', hearing: 'some' } }, // below 'aLot': no
      { birthDate: '1997-01-01', disability: { hearing: 'aLot' } }, // yes
      { birthDate: '2026-08-01' }, // not born on the payment date: no
    ]);

    // Not IDPoor: not eligible; a closed household: never counted.
    ids.notPoor = await household(a, { village: URBAN, idpoorLevel: null }, [{ birthDate: '2023-01-01' }]);
    ids.closed = await household(a, { village: RURAL, idpoorLevel: 1, status: 'closed' }, [{ birthYear: 1940 }]);

    // Operator B: a look-alike of A's urban household.
    ids.otherOperator = await household(b, { village: URBAN, idpoorLevel: 1 }, urbanSeeds);
  });

  it('uses a sangkat fixture commune as urban and a khum as rural', async () => {
    const units = await db()
      .select({ code: adminUnits.code, typeKm: adminUnits.typeKm })
      .from(adminUnits)
      .where(eq(adminUnits.level, 'commune'));
    const type = new Map(units.map((u) => [u.code, u.typeKm]));
    expect(type.get(URBAN.slice(0, 6))).toBe('សង្កាត់');
    expect(type.get(RURAL.slice(0, 6))).toBe('ឃុំ');
  });

  it('answers exact amounts per eligible household, with the cap', async () => {
    const rows = await householdAmounts(db(), a, rules, PAY);
    expect(rows.map((r) => r.householdId).sort()).toEqual([ids.urban1, ids.rural2, ids.rural1].sort());
    const got = byId(rows);
    expect(got.get(ids.urban1!)).toEqual({
      householdId: ids.urban1,
      base: 120_000,
      qualifyingMembers: 4,
      membersAmount: 208_000,
      total: 280_000,
    });
    expect(got.get(ids.rural2!)).toEqual({
      householdId: ids.rural2,
      base: 80_000,
      qualifyingMembers: 4,
      membersAmount: 120_000,
      total: 200_000,
    });
    expect(got.get(ids.rural1!)).toEqual({
      householdId: ids.rural1,
      base: 80_000,
      qualifyingMembers: 1,
      membersAmount: 40_000,
      total: 120_000,
    });
  });

  it('moves with the payment date: the day before, the day after, the next new year', async () => {
    const [next] = await householdAmounts(db(), a, rules, '2026-06-16', { householdIds: [ids.rural2!] });
    // 2020-06-16 turns 6 (out), 1966-06-16 turns 60 (in): still four.
    expect(next).toMatchObject({ qualifyingMembers: 4, total: 200_000 });
    const [before] = await householdAmounts(db(), a, rules, '2026-06-14', { householdIds: [ids.rural2!] });
    // 2020-06-15 is still 5 and 2020-06-16 too; 1966-06-15 is still 59.
    expect(before).toMatchObject({ qualifyingMembers: 4, total: 200_000 });
    const [newYear] = await householdAmounts(db(), a, rules, '2027-01-01', { householdIds: [ids.rural2!] });
    // Estimated 2021 turns 6 on 1 January; estimated 1966 is 61; 1966-06-15 and -16 are 60.
    expect(newYear).toMatchObject({ qualifyingMembers: 3, membersAmount: 90_000 });
  });

  it('never counts another operator’s look-alike households', async () => {
    const forA = await householdAmounts(db(), a, rules, PAY);
    expect(forA.map((r) => r.householdId)).not.toContain(ids.otherOperator);
    const forB = await householdAmounts(db(), b, rules, PAY);
    expect(forB).toEqual([
      { householdId: ids.otherOperator, base: 120_000, qualifyingMembers: 4, membersAmount: 208_000, total: 280_000 },
    ]);
    // Asking for B's household by id as A answers nothing.
    expect(await householdAmounts(db(), a, rules, PAY, { householdIds: [ids.otherOperator!] })).toEqual([]);
    expect(await countQualifying(db(), a, rules, PAY)).toBe(3);
    expect(await countQualifying(db(), b, rules, PAY)).toBe(1);
  });

  it('counts qualifying households for other eligibility conditions', async () => {
    const count = (eligibility: unknown) =>
      countQualifying(db(), a, benefitRules.parse({ ...COVID_RULES, eligibility }), PAY);
    expect(await count({ setting: 'urban' })).toBe(2); // urban1, notPoor
    expect(await count({ idpoorLevels: ['none'] })).toBe(1);
    expect(await count({ hasMember: { maxAge: 5 } })).toBe(3); // urban1, rural2, notPoor (rural1's child exited)
    expect(await count({ hasMember: { disability: 'some' }, setting: 'rural' })).toBe(1);
    expect(await count({ minHouseholdSize: 5 })).toBe(2); // urban1 (5), rural2 (9); rural1 has 3 who count
    expect(await count({ maxHouseholdSize: 3, minHouseholdSize: 3 })).toBe(1);
    expect(await count({ provinces: ['12'] })).toBe(2);
    expect(await count({ communes: ['010201'], idpoorLevels: [2] })).toBe(1);
    expect(await count({ anyOf: [{ districts: ['1201'] }, { idpoorLevels: [2] }] })).toBe(3);
  });

  it('uses the first matching rule per member and per household, sex included', async () => {
    const r = benefitRules.parse({
      currency: 'USD',
      eligibility: { communes: ['010201'] },
      household: [
        { when: { idpoorLevels: [2] }, amount: 1_500 },
        { when: { setting: 'rural' }, amount: 1_000 },
      ],
      members: [
        { when: { sex: 'M' }, amount: 7 },
        { when: { minAge: 0 }, amount: 1 },
      ],
    });
    const got = byId(await householdAmounts(db(), a, r, PAY));
    // rural2: nine members count, one man; rural1: three count (head man, two women).
    expect(got.get(ids.rural2!)).toMatchObject({ base: 1_500, qualifyingMembers: 9, membersAmount: 7 + 8 });
    expect(got.get(ids.rural1!)).toMatchObject({ base: 1_000, qualifyingMembers: 3, membersAmount: 7 + 2 });
  });

  it('refuses a payment date that does not exist', async () => {
    await expect(householdAmounts(db(), a, rules, '2026-02-30')).rejects.toMatchObject({
      code: 'INVALID',
      fieldErrors: { paymentDate: ['invalidDate'] },
    });
  });
});

describe('bad benefit rules', () => {
  const issues = (input: unknown) => {
    const r = benefitRules.safeParse(input);
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };
  const withMember = (rule: unknown) => ({ ...COVID_RULES, members: [rule] });

  it('accepts the COVID-era rules', () => {
    expect(benefitRules.safeParse(COVID_RULES).success).toBe(true);
  });

  it('refuses a rule with no condition, at its path', () => {
    expect(issues(withMember({ when: {}, amount: 1 }))).toEqual([
      { path: 'members.0.when', message: 'conditionEmpty' },
    ]);
    expect(issues({ ...COVID_RULES, eligibility: {} })).toEqual([{ path: 'eligibility', message: 'conditionEmpty' }]);
    expect(issues(withMember({ when: { anyOf: [{ maxAge: 5 }, {}] }, amount: 1 }))).toEqual([
      { path: 'members.0.when.anyOf.1', message: 'conditionEmpty' },
    ]);
    expect(issues({ ...COVID_RULES, household: [{ when: { hasMember: {} }, amount: 1 }] })).toEqual([
      { path: 'household.0.when.hasMember', message: 'conditionEmpty' },
    ]);
  });

  it('refuses negative, overflowing, fractional and non-numeric amounts', () => {
    expect(issues(withMember({ when: { maxAge: 5 }, amount: -1 }))).toEqual([
      { path: 'members.0.amount', message: 'amountNegative' },
    ]);
    expect(issues({ ...COVID_RULES, cap: 10 ** 12 + 1 })).toEqual([{ path: 'cap', message: 'amountTooLarge' }]);
    expect(issues(withMember({ when: { maxAge: 5 }, amount: 2 ** 63 }))[0]).toMatchObject({ path: 'members.0.amount' });
    expect(issues({ ...COVID_RULES, household: [{ when: { setting: 'urban' }, amount: 1.5 }] })).toEqual([
      { path: 'household.0.amount', message: 'amountNotWhole' },
    ]);
    expect(issues(withMember({ when: { maxAge: 5 }, amount: '40000' }))).toEqual([
      { path: 'members.0.amount', message: 'amountInvalid' },
    ]);
    expect(issues(withMember({ when: { maxAge: 5 }, amount: Number.POSITIVE_INFINITY }))).toEqual([
      { path: 'members.0.amount', message: 'amountInvalid' },
    ]);
  });

  it('refuses an unknown currency, reversed ranges, bad codes and unknown fields', () => {
    expect(issues({ ...COVID_RULES, currency: 'EUR' })).toEqual([{ path: 'currency', message: 'unknownCurrency' }]);
    expect(issues(withMember({ when: { minAge: 60, maxAge: 5 }, amount: 1 }))).toEqual([
      { path: 'members.0.when.maxAge', message: 'rangeReversed' },
    ]);
    expect(issues({ ...COVID_RULES, eligibility: { provinces: ['1'] } })).toEqual([
      { path: 'eligibility.provinces.0', message: 'invalidAreaCode' },
    ]);
    expect(issues({ ...COVID_RULES, eligibility: { idpoorLevels: [] } })).toEqual([
      { path: 'eligibility.idpoorLevels', message: 'listEmpty' },
    ]);
    // A typo is refused, not silently read as "no condition".
    expect(issues({ ...COVID_RULES, eligibility: { idpoorLevel: [1] } })).toEqual([
      { path: 'eligibility', message: 'unknownField' },
      { path: 'eligibility', message: 'conditionEmpty' },
    ]);
    // Member fields belong to member rules.
    expect(issues({ ...COVID_RULES, eligibility: { maxAge: 5 } })[0]).toEqual({
      path: 'eligibility',
      message: 'unknownField',
    });
  });
});

// A small reference evaluator in TypeScript, written from the rules' documented meaning, and random
// households and rules: the SQL must answer the same amounts.
interface RefHousehold {
  village: string;
  idpoorLevel: 1 | 2 | null;
  status: 'active' | 'closed';
  members: Seed[];
}
const URBAN_VILLAGES = new Set([URBAN]);

function refAge(m: Seed, date: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  if (!m.birthDate) return y - m.birthYear!;
  const [by, bmo, bd] = m.birthDate.split('-').map(Number) as [number, number, number];
  return y - by - (mo < bmo || (mo === bmo && d < bd) ? 1 : 0);
}
function refCounts(m: Seed, date: string): boolean {
  const born = m.birthDate ? m.birthDate <= date : m.birthYear! <= Number(date.slice(0, 4));
  return (m.status ?? 'active') === 'active' && (!m.deathDate || m.deathDate >= date) && born;
}
function refHouseholdFields(c: HouseholdFields, h: RefHousehold, date: string): boolean {
  const size = h.members.filter((m) => refCounts(m, date)).length;
  const setting = URBAN_VILLAGES.has(h.village) ? 'urban' : 'rural';
  return (
    (!c.idpoorLevels || c.idpoorLevels.includes(h.idpoorLevel ?? 'none')) &&
    (c.minHouseholdSize === undefined || size >= c.minHouseholdSize) &&
    (c.maxHouseholdSize === undefined || size <= c.maxHouseholdSize) &&
    (!c.provinces || c.provinces.includes(h.village.slice(0, 2))) &&
    (!c.districts || c.districts.includes(h.village.slice(0, 4))) &&
    (!c.communes || c.communes.includes(h.village.slice(0, 6))) &&
    (!c.setting || c.setting === setting)
  );
}
function refMember(c: MemberCondition, m: Seed, h: RefHousehold, date: string): boolean {
  const age = refAge(m, date);
  return (
    refHouseholdFields(c, h, date) &&
    (c.minAge === undefined || age >= c.minAge) &&
    (c.maxAge === undefined || age <= c.maxAge) &&
    (!c.sex || c.sex === (m.sex ?? 'F')) &&
    (!c.disability || Object.values(m.disability ?? {}).some((l) => levelsAtLeast(c.disability!).includes(l))) &&
    (!c.anyOf || c.anyOf.some((a) => refMember(a, m, h, date)))
  );
}
function refHousehold(c: HouseholdCondition, h: RefHousehold, date: string): boolean {
  return (
    refHouseholdFields(c, h, date) &&
    (!c.hasMember || h.members.some((m) => refCounts(m, date) && refMember(c.hasMember!, m, h, date))) &&
    (!c.anyOf || c.anyOf.some((a) => refHousehold(a, h, date)))
  );
}
function refAmounts(rules: BenefitRules, h: RefHousehold, date: string) {
  if (h.status !== 'active' || !refHousehold(rules.eligibility, h, date)) return null;
  const base = rules.household.find((r) => refHousehold(r.when, h, date))?.amount ?? 0;
  const amounts = h.members
    .filter((m) => refCounts(m, date))
    .map((m) => rules.members.find((r) => refMember(r.when, m, h, date))?.amount)
    .filter((a): a is number => a !== undefined);
  const membersAmount = amounts.reduce((x, y) => x + y, 0);
  const total = Math.min(base + membersAmount, rules.cap ?? Infinity);
  return { base, qualifyingMembers: amounts.length, membersAmount, total };
}

const isoDate = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const seed: fc.Arbitrary<Seed> = fc
  .record(
    {
      birth: fc.oneof(
        isoDate('1940-01-01', '2027-01-31').map((birthDate) => ({ birthDate })),
        fc.integer({ min: 1940, max: 2027 }).map((birthYear) => ({ birthYear })),
      ),
      sex: fc.constantFrom('F' as const, 'M' as const),
      disability: fc.option(
        fc
          .dictionary(
            fc.constantFrom('seeing', 'hearing', 'walking'),
            fc.constantFrom('none', 'some', 'aLot', 'cannot'),
            { maxKeys: 2 },
          )
          .map((d) => ({ ...d })), // a plain object, as JSON from the database would be
        { nil: undefined },
      ),
      status: fc.constantFrom('active', 'active', 'active', 'deceased', 'exited') as fc.Arbitrary<Seed['status']>,
      deathDate: fc.option(isoDate('2024-01-01', '2027-12-31'), { nil: undefined }),
    },
    { requiredKeys: ['birth', 'sex', 'status'] },
  )
  .map(({ birth, ...rest }) => ({ ...birth, ...rest }) as Seed);
const refHouseholdArb: fc.Arbitrary<RefHousehold> = fc.record({
  village: fc.constantFrom(RURAL, OTHER_VILLAGE_SAME_COMMUNE, URBAN),
  idpoorLevel: fc.constantFrom(1 as const, 2 as const, null),
  status: fc.constantFrom('active' as const, 'active' as const, 'closed' as const),
  members: fc.array(seed, { maxLength: 6 }),
});

// Conditions of one or two fields each, so that random rules match often enough to test something.
const ordered = (c: Record<string, unknown>, lo: string, hi: string) =>
  !(typeof c[lo] === 'number' && typeof c[hi] === 'number' && (c[lo] as number) > (c[hi] as number));
const merged = <T extends object>(parts: fc.Arbitrary<T>) =>
  fc
    .array(parts, { minLength: 1, maxLength: 2 })
    .map((ps) => Object.assign({}, ...ps) as T)
    .filter((c) => {
      const r = c as Record<string, unknown>;
      return ordered(r, 'minAge', 'maxAge') && ordered(r, 'minHouseholdSize', 'maxHouseholdSize');
    });
const ageArb = fc.oneof(fc.constantFrom(0, 1, 5, 6, 17, 18, 59, 60, 61), fc.integer({ min: 0, max: 90 }));
const householdFieldArbs = [
  fc.subarray([1, 2, 'none'] as (1 | 2 | 'none')[], { minLength: 1 }).map((idpoorLevels) => ({ idpoorLevels })),
  fc.integer({ min: 0, max: 4 }).map((minHouseholdSize) => ({ minHouseholdSize })),
  fc.integer({ min: 0, max: 4 }).map((maxHouseholdSize) => ({ maxHouseholdSize })),
  fc.constantFrom<string[]>(['010201'], ['120101'], ['010201', '120101']).map((communes) => ({ communes })),
  fc.constantFrom<string[]>(['0102'], ['1201']).map((districts) => ({ districts })),
  fc.constantFrom('urban' as const, 'rural' as const).map((setting) => ({ setting })),
];
const memberLeaf: fc.Arbitrary<MemberCondition> = merged<MemberCondition>(
  fc.oneof(
    ageArb.map((minAge) => ({ minAge })),
    ageArb.map((maxAge) => ({ maxAge })),
    fc.constantFrom('F' as const, 'M' as const).map((sex) => ({ sex })),
    fc.constantFrom('some' as const, 'aLot' as const, 'cannot' as const).map((disability) => ({ disability })),
    ...householdFieldArbs,
  ),
);
const memberCond: fc.Arbitrary<MemberCondition> = fc.oneof(
  { arbitrary: memberLeaf, weight: 3 },
  fc.record({ anyOf: fc.array(memberLeaf, { minLength: 1, maxLength: 3 }) }),
  fc.tuple(memberLeaf, fc.array(memberLeaf, { minLength: 1, maxLength: 3 })).map(([c, anyOf]) => ({ ...c, anyOf })),
);
const householdLeaf: fc.Arbitrary<HouseholdCondition> = merged<HouseholdCondition>(
  fc.oneof(
    ...householdFieldArbs,
    memberCond.map((hasMember) => ({ hasMember })),
  ),
);
const householdCond: fc.Arbitrary<HouseholdCondition> = fc.oneof(
  { arbitrary: householdLeaf, weight: 3 },
  fc.record({ anyOf: fc.array(householdLeaf, { minLength: 1, maxLength: 3 }) }),
);
const everyone: HouseholdCondition = { idpoorLevels: [1, 2, 'none'] };
const amountArb = fc.integer({ min: 0, max: 200_000 });
const rulesArb = fc.record(
  {
    currency: fc.constantFrom('KHR' as const, 'USD' as const),
    eligibility: fc.oneof(fc.constant(everyone), householdCond),
    household: fc.array(fc.record({ when: householdCond, amount: amountArb }), { maxLength: 3 }),
    members: fc.array(fc.record({ when: memberCond, amount: amountArb }), { maxLength: 4 }),
    cap: amountArb,
  },
  { requiredKeys: ['currency', 'eligibility', 'household', 'members'] },
);

describe('householdAmounts against a TypeScript reference (fast-check)', () => {
  beforeAll(ensureUnits);

  it('answers what the reference answers, for random households, rules and payment dates', async () => {
    let withMembers = 0;
    let withBase = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(refHouseholdArb, { minLength: 1, maxLength: 5 }),
        rulesArb,
        fc.constantFrom('2026-06-15', '2024-02-29', '2025-02-28', '2027-01-01'),
        async (seeds, input, date) => {
          const rules = benefitRules.parse(input);
          const actor = { operatorId: (await makeOperator()).id };
          const ids: string[] = [];
          for (const h of seeds)
            ids.push(
              await household(actor, { village: h.village, idpoorLevel: h.idpoorLevel, status: h.status }, h.members),
            );
          const got = byId(await householdAmounts(db(), actor, rules, date));
          const expected = new Map(
            seeds.flatMap((h, i) => {
              const r = refAmounts(rules, h, date);
              return r ? [[ids[i]!, { householdId: ids[i]!, ...r }] as const] : [];
            }),
          );
          expect(got).toEqual(expected);
          if ([...expected.values()].some((e) => e.qualifyingMembers > 0)) withMembers += 1;
          if ([...expected.values()].some((e) => e.base > 0)) withBase += 1;
          expect(await countQualifying(db(), actor, rules, date)).toBe(expected.size);
        },
      ),
      { numRuns: 100 },
    );
    // The random rules matched often enough to test something. Runs with members to pay: 25–45 of 100 seen
    // over random seeds (so "more than 25" failed now and then, with nothing wrong); ten is far below that.
    expect(withMembers).toBeGreaterThan(10);
    expect(withBase).toBeGreaterThan(10);
  });
});
