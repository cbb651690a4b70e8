import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countQualifyingAction,
  createProgrammeAction,
  setProgrammeStatusAction,
  updateProgrammeAction,
} from '@/app/(app)/programmes/actions';
import { db } from '@/db/client';
import { households, programmes } from '@/db/schema';
import { formatMoney } from '@/lib/programmes/format-money';
import { draftFromRules, emptyCondition, emptyRules, parseAmount, type RulesDraft } from '@/lib/programmes/rule-form';
import type { ProgrammeFormValues } from '@/lib/programmes/schemas';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, VILLAGE } from './helpers/households';

// The programme actions as the form calls them: draft values, amounts in major units.

const when = (over: Partial<ReturnType<typeof emptyCondition>> = {}) => ({ ...emptyCondition(), ...over });

function rules(currency = 'KHR', over: Partial<RulesDraft> = {}): RulesDraft {
  return {
    ...emptyRules(currency),
    eligibility: when({ idpoorLevels: ['1', '2'] }),
    household: [{ when: when({ setting: 'rural' }), amount: '40000' }],
    members: [{ when: when({ maxAge: '5' }), amount: currency === 'USD' ? '12.50' : '20,000' }],
    ...over,
  };
}

let n = 0;
const form = (over: Partial<ProgrammeFormValues> = {}): ProgrammeFormValues => ({
  code: `CT-${++n}`,
  nameKm: 'កម្មវិធីឧបត្ថម្ភសាច់ប្រាក់',
  nameEn: 'Cash transfer',
  description: '',
  benefitType: 'cash',
  currency: 'KHR',
  frequency: 'monthly',
  startDate: '2027-01-01',
  endDate: '',
  rules: rules(),
  ...over,
});

async function programmeCount() {
  const [r] = await db().select({ n: count() }).from(programmes);
  return r!.n;
}

/** Refused with these field errors (the first message per field), and nothing written. */
async function refused(input: unknown, fields: Record<string, string>) {
  const before = await programmeCount();
  const res = await createProgrammeAction(input);
  expect(res.ok, JSON.stringify(res).slice(0, 400)).toBe(false);
  if (res.ok) return;
  for (const [field, key] of Object.entries(fields)) expect(res.fieldErrors?.[field]?.[0], field).toBe(key);
  expect(await programmeCount()).toBe(before);
}

describe('programme actions', () => {
  let operatorId: string;
  let adminId: string;
  beforeAll(async () => {
    await ensureUnits();
    const op = await makeOperator();
    operatorId = op.id;
    adminId = (await makeUser({ operatorId, roles: ['operator_admin'] })).id;
    await signInAs(adminId);
  });

  it('amounts typed in major units become minor units; riel has no fraction, dollars two decimals', () => {
    expect(parseAmount('40000', 'KHR')).toEqual({ minor: 40_000 });
    expect(parseAmount('40,000', 'KHR')).toEqual({ minor: 40_000 });
    expect(parseAmount('40000.00', 'KHR')).toEqual({ minor: 40_000 });
    expect(parseAmount('40000.5', 'KHR')).toEqual({ error: 'amountRielWhole' });
    expect(parseAmount('12.50', 'USD')).toEqual({ minor: 1250 });
    expect(parseAmount('12.5', 'USD')).toEqual({ minor: 1250 });
    expect(parseAmount('12', 'USD')).toEqual({ minor: 1200 });
    expect(parseAmount('0.07', 'USD')).toEqual({ minor: 7 });
    expect(parseAmount('12.505', 'USD')).toEqual({ error: 'amountCents' });
    expect(parseAmount('twelve', 'USD')).toEqual({ error: 'amountInvalid' });
    expect(parseAmount('', 'USD')).toEqual({ error: 'required' });
  });

  it('formats money by locale on the server: riel without decimals, dollars from cents, Khmer digits in Khmer', () => {
    expect(formatMoney(40_000, 'KHR', 'en')).toBe('40,000 ៛');
    expect(formatMoney(40_000, 'KHR', 'km')).toBe('៤០.០០០ ៛');
    expect(formatMoney(1250, 'USD', 'en')).toBe('$12.50');
    expect(formatMoney(7, 'USD', 'en')).toBe('$0.07');
    expect(formatMoney(-7, 'USD', 'en')).toBe('-$0.07');
    expect(formatMoney(123_456_789, 'USD', 'en')).toBe('$1,234,567.89');
    expect(formatMoney(1250, 'USD', 'km')).toBe('១២,៥០$');
    expect(formatMoney(10 ** 12, 'KHR', 'km')).toBe('១.០០០.០០០.០០០.០០០ ៛');
  });

  it('creates a programme with amounts in minor units and reads it back', async () => {
    const res = await createProgrammeAction(form({ currency: 'USD', rules: rules('USD') }));
    expect(res.ok, JSON.stringify(res)).toBe(true);
    if (!res.ok) return;
    const [row] = await db().select().from(programmes).where(eq(programmes.id, res.data.id));
    expect(row!.rules).toMatchObject({
      currency: 'USD',
      eligibility: { idpoorLevels: [1, 2] },
      household: [{ when: { setting: 'rural' }, amount: 4_000_000 }],
      members: [{ when: { maxAge: 5 }, amount: 1250 }],
    });
    expect(row!.operatorId).toBe(operatorId);
  });

  it('expresses the COVID-era transfer: base by setting, per member by IDPoor level and setting, a cap', async () => {
    const qualifying = [
      when({ maxAge: '5' }),
      when({ minAge: '60' }),
      when({ disability: 'aLot' }),
      when({ chronicIllness: 'yes' }),
    ];
    const member = (level: string, setting: string, amount: string) => ({
      when: when({ idpoorLevels: [level], setting, anyOf: qualifying }),
      amount,
    });
    const covid = rules('KHR', {
      household: [
        { when: when({ setting: 'urban' }), amount: '120,000' },
        { when: when({ setting: 'rural' }), amount: '80000' },
      ],
      members: [
        member('1', 'urban', '52000'),
        member('1', 'rural', '40000'),
        member('2', 'urban', '40000'),
        member('2', 'rural', '30000'),
      ],
      cap: '280000',
    });
    const res = await createProgrammeAction(form({ rules: covid }));
    if (!res.ok) throw new Error(JSON.stringify(res));
    const [row] = await db().select().from(programmes).where(eq(programmes.id, res.data.id));
    const any = [{ maxAge: 5 }, { minAge: 60 }, { disability: 'aLot' }, { chronicIllness: true }];
    expect(row!.rules).toEqual({
      currency: 'KHR',
      eligibility: { idpoorLevels: [1, 2] },
      household: [
        { when: { setting: 'urban' }, amount: 120_000 },
        { when: { setting: 'rural' }, amount: 80_000 },
      ],
      members: [
        { when: { idpoorLevels: [1], setting: 'urban', anyOf: any }, amount: 52_000 },
        { when: { idpoorLevels: [1], setting: 'rural', anyOf: any }, amount: 40_000 },
        { when: { idpoorLevels: [2], setting: 'urban', anyOf: any }, amount: 40_000 },
        { when: { idpoorLevels: [2], setting: 'rural', anyOf: any }, amount: 30_000 },
      ],
      cap: 280_000,
    });
    // And back into the editor: the same draft, amounts in major units.
    expect(draftFromRules(row!.rules).cap).toBe('280000');
    expect(draftFromRules(row!.rules).members[0]!.when.anyOf[3]!.chronicIllness).toBe('yes');
  });

  it('asks for a member only while "has a member" is on; area codes pass as chosen', async () => {
    const elder = when({ minAge: '60' });
    const on = rules('KHR', {
      eligibility: when({
        idpoorLevels: ['none'],
        hasMemberOn: true,
        hasMember: elder,
        provinces: ['01'],
        communes: ['010201'],
      }),
    });
    const off = rules('KHR', { eligibility: when({ idpoorLevels: ['none'], hasMemberOn: false, hasMember: elder }) });
    const [a, b] = [
      await createProgrammeAction(form({ rules: on })),
      await createProgrammeAction(form({ rules: off })),
    ];
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
    const read = async (id: string) => (await db().select().from(programmes).where(eq(programmes.id, id)))[0]!.rules;
    expect((await read(a.data.id)).eligibility).toEqual({
      idpoorLevels: ['none'],
      hasMember: { minAge: 60 },
      provinces: ['01'],
      communes: ['010201'],
    });
    expect((await read(b.data.id)).eligibility).toEqual({ idpoorLevels: ['none'] });
  });

  it('refuses a negative amount, an overflowing one, a fraction of riel and more than two decimals of a dollar', async () => {
    await refused(form({ rules: rules('KHR', { household: [{ when: when({ setting: 'urban' }), amount: '-5' }] }) }), {
      'rules.household.0.amount': 'amountNegative',
    });
    await refused(
      form({ rules: rules('KHR', { household: [{ when: when({ setting: 'urban' }), amount: '1000000000001' }] }) }),
      { 'rules.household.0.amount': 'amountTooLarge' },
    );
    await refused(form({ rules: rules('KHR', { cap: '99999999999999999999999' }) }), { 'rules.cap': 'amountTooLarge' });
    await refused(form({ rules: rules('KHR', { cap: '100.5' }) }), { 'rules.cap': 'amountRielWhole' });
    await refused(form({ currency: 'USD', rules: rules('USD', { cap: '100.505' }) }), { 'rules.cap': 'amountCents' });
  });

  it('refuses a rule with no condition, a reversed range, and an empty eligibility, each beside its rule', async () => {
    await refused(form({ rules: rules('KHR', { members: [{ when: when(), amount: '100' }] }) }), {
      'rules.members.0.when': 'conditionEmpty',
    });
    await refused(form({ rules: rules('KHR', { eligibility: when() }) }), { 'rules.eligibility': 'conditionEmpty' });
    await refused(
      form({ rules: rules('KHR', { members: [{ when: when({ minAge: '60', maxAge: '5' }), amount: '100' }] }) }),
      { 'rules.members.0.when.maxAge': 'rangeReversed' },
    );
    await refused(
      form({
        rules: rules('KHR', {
          eligibility: when({ idpoorLevels: ['1'], anyOf: [when()] }),
        }),
      }),
      { 'rules.eligibility.anyOf.0': 'conditionEmpty' },
    );
  });

  it('refuses rules in another currency than the programme, and several errors at once', async () => {
    // Only a hand-made request can do this: the form keeps the rules' currency on the programme's.
    const usd = rules('USD', { members: [{ when: when({ maxAge: '5' }), amount: '12' }] });
    await refused(form({ currency: 'KHR', rules: usd }), { 'rules.currency': 'rulesCurrencyMismatch' });
    await refused(
      form({ code: '', currency: 'EUR', rules: rules('KHR', { household: [{ when: when(), amount: 'x' }] }) }),
      { code: 'required', currency: 'unknownCurrency', 'rules.household.0.amount': 'amountInvalid' },
    );
    for (const junk of [null, 'text', 42, [], { rules: 'x' }]) {
      expect(await createProgrammeAction(junk)).toMatchObject({ ok: false, code: 'INVALID' });
    }
  });

  it('an edit over a newer version answers with their values, nothing overwritten; then saves at the new version', async () => {
    const created = await createProgrammeAction(form());
    if (!created.ok) throw new Error(JSON.stringify(created));
    const { id } = created.data;
    const first = await updateProgrammeAction({ ...form({ nameEn: 'Renamed once' }), code: 'CT-EDIT', id, version: 1 });
    expect(first).toMatchObject({ ok: true, data: { status: 'saved', version: 2 } });
    const stale = await updateProgrammeAction({ ...form({ nameEn: 'Mine' }), code: 'CT-EDIT', id, version: 1 });
    expect(stale).toMatchObject({
      ok: true,
      data: { status: 'conflict', version: 2, current: { nameEn: 'Renamed once' } },
    });
    const [row] = await db().select().from(programmes).where(eq(programmes.id, id));
    expect(row!.nameEn).toBe('Renamed once');
    expect(await updateProgrammeAction({ ...form({ nameEn: 'Mine' }), code: 'CT-EDIT', id, version: 2 })).toMatchObject(
      {
        ok: true,
        data: { status: 'saved', version: 3 },
      },
    );
    expect(await setProgrammeStatusAction({ id, version: 3, status: 'closed' })).toMatchObject({
      ok: false,
      fieldErrors: { status: ['programmeStatusMove'] },
    });
    expect(await setProgrammeStatusAction({ id, version: 3, status: 'active' })).toMatchObject({
      ok: true,
      data: { version: 4 },
    });
  });

  it('counts the operator’s qualifying households, or answers the rule errors', async () => {
    const [h] = await db()
      .insert(households)
      .values({ operatorId, code: `PA-${Date.now()}`, villageCode: VILLAGE, idpoorLevel: 1 })
      .returning();
    const draft = rules();
    const before = await countQualifyingAction({ currency: 'KHR', rules: draft });
    expect(before.ok, JSON.stringify(before)).toBe(true);
    const { count: n } = (before as { data: { count: number } }).data;
    expect(n).toBeGreaterThanOrEqual(1);
    const level2 = await countQualifyingAction({
      currency: 'KHR',
      rules: { ...draft, eligibility: when({ idpoorLevels: ['2'] }) },
    });
    expect(level2).toMatchObject({ ok: true, data: { count: n - 1 } });
    expect(h!.operatorId).toBe(operatorId);
    expect(await countQualifyingAction({ currency: 'KHR', rules: { ...draft, eligibility: when() } })).toMatchObject({
      ok: false,
      fieldErrors: { 'rules.eligibility': ['conditionEmpty'] },
    });
  });
});
