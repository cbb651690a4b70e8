import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { households, members } from '@/db/schema';
import { enrolmentSchema, memberSchema } from '@/lib/households/schemas';
import { khmerKey, khmerNameKey, latinNameKey } from '@/lib/text/normalise';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree, member } from './helpers/households';

async function totals() {
  const [h] = await db().select({ n: count() }).from(households);
  const [m] = await db().select({ n: count() }).from(members);
  return [h!.n, m!.n];
}

/** Calls the action and expects a refusal with these field errors, and nothing written. */
async function refused(input: unknown, fields: Record<string, string>) {
  const before = await totals();
  const res = await enrolHouseholdAction(input);
  expect(res.ok, JSON.stringify(res).slice(0, 300)).toBe(false);
  if (res.ok) return;
  for (const [field, key] of Object.entries(fields)) expect(res.fieldErrors?.[field], field).toContain(key);
  expect(await totals()).toEqual(before);
}

function withMember(overrides: Parameters<typeof member>[0]) {
  const input = householdOfThree();
  input.members[0] = member({ ...overrides, khmerId: overrides?.khmerId ?? '' });
  return input;
}

describe('enrolment refuses bad input with a clear message, and writes nothing', () => {
  beforeAll(async () => {
    await ensureUnits();
    const op = await makeOperator();
    await signInAs((await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id);
  });

  it('empty, enormous (10 MB) and non-object input', async () => {
    await refused(withMember({ surnameKm: '', givenNameKm: '   ' }), {
      'members.0.surnameKm': 'required',
      'members.0.givenNameKm': 'required',
    });
    await refused(withMember({ surnameKm: 'ក'.repeat(10 * 1024 * 1024) }), { 'members.0.surnameKm': 'tooLong' });
    await refused(householdOfThree({ notes: 'x'.repeat(10 * 1024 * 1024) }), { 'household.notes': 'tooLong' });
    for (const junk of [null, 'text', 42, [], { household: 'x', members: 'y' }]) {
      const res = await enrolHouseholdAction(junk);
      expect(res).toMatchObject({ ok: false, code: 'INVALID' });
    }
  });

  it('lone surrogates, Latin letters where Khmer is needed, SQL fragments in a Latin name', async () => {
    await refused(withMember({ givenNameKm: 'ដារ៉ា\uD800' }), { 'members.0.givenNameKm': 'invalidCharacters' });
    await refused(withMember({ surnameKm: 'Sok' }), { 'members.0.surnameKm': 'khmerScriptRequired' });
    await refused(withMember({ surnameLatin: "Sok'); DROP TABLE members;--" }), {
      'members.0.surnameLatin': 'latinLettersOnly',
    });
  });

  it('impossible and future dates, a 10-digit Khmer ID, a foreign phone', async () => {
    await refused(withMember({ birthDate: '2023-02-30' }), { 'members.0.birthDate': 'invalidDate' });
    await refused(withMember({ birthDate: '2999-01-01' }), { 'members.0.birthDate': 'dateInFuture' });
    await refused(withMember({ birthDate: '', birthEstimated: true, birthYear: '2999' }), {
      'members.0.birthYear': 'invalidBirthYear',
    });
    await refused(withMember({ birthDate: '' }), { 'members.0.birthDate': 'birthDateRequired' });
    await refused(withMember({ khmerId: '1234567890' }), { 'members.0.khmerId': 'invalidKhmerId' });
    await refused(withMember({ phone: '+1 415 555 0100' }), { 'members.0.phone': 'invalidPhone' });
    await refused(householdOfThree({ phone: '+33 1 23 45 67 89' }), { 'household.phone': 'invalidPhone' });
  });

  it('two heads, no head, 200 members, an unknown village', async () => {
    const two = householdOfThree();
    two.members[1]!.relationship = 'head';
    await refused(two, { members: 'severalHeads' });
    const none = householdOfThree();
    none.members[0]!.relationship = 'spouse';
    await refused(none, { members: 'noHead' });
    const many = householdOfThree();
    many.members = [member(), ...Array.from({ length: 199 }, () => member({ relationship: 'child' }))];
    await refused(many, { members: 'tooManyMembers' });
    await refused(householdOfThree({ villageCode: '99999999' }), { 'household.villageCode': 'unknownVillage' });
    await refused(householdOfThree({ villageCode: '0102' }), { 'household.villageCode': 'villageRequired' });
  });

  it('stores HTML/script fragments as plain text, and cleans control and zero-width characters', async () => {
    const input = householdOfThree({
      notes: '<script>alert(1)</script>\u0000 "quoted" \u0007',
      addressLine: "'; DELETE FROM households; --",
    });
    input.members[0]!.givenNameKm = 'ដា\u200Bរ៉ា';
    input.confirmSimilar = true;
    const res = await enrolHouseholdAction(input);
    expect(res).toMatchObject({ ok: true, data: { status: 'saved' } });
    if (!res.ok || res.data.status !== 'saved') return;
    const [h] = await db().select().from(households).where(eq(households.id, res.data.householdId));
    expect(h?.notes).toBe('<script>alert(1)</script> "quoted"');
    expect(h?.addressLine).toBe("'; DELETE FROM households; --");
    const [head] = await db().select().from(members).where(eq(members.householdId, res.data.householdId)).limit(1);
    expect(head?.givenNameKm).toBe('ដារ៉ា');
    expect((await totals())[0]).toBeGreaterThan(0);
  });
});

describe('properties of the schemas and the name keys (fast-check)', () => {
  const khmerChar = fc.integer({ min: 0x1780, max: 0x17dd }).map((c) => String.fromCharCode(c));
  const khmerText = fc
    .array(fc.oneof(khmerChar, fc.constantFrom(' ', '\u200B', '\u200C', '\uFEFF', '\u17D2\u178A')), {
      minLength: 1,
      maxLength: 20,
    })
    .map((a) => a.join(''));

  it('khmerKey is idempotent, drops zero-width characters and folds coeng DA into coeng TA', () => {
    fc.assert(
      fc.property(khmerText, (s) => {
        const k = khmerKey(s);
        expect(khmerKey(k)).toBe(k);
        expect(k).not.toMatch(/[\u200B\u200C\u200D\uFEFF\s]/u);
        expect(k).not.toContain('\u17D2\u178A');
      }),
    );
  });

  it('zero-width characters inside a name never change its key', () => {
    fc.assert(
      fc.property(khmerText, fc.nat(), (s, at) => {
        const i = at % (s.length + 1);
        expect(khmerNameKey(s.slice(0, i) + '\u200B' + s.slice(i), 'ក')).toBe(khmerNameKey(s, 'ក'));
      }),
    );
  });

  it('the Latin key does not depend on word order or case', () => {
    const word = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz') });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(latinNameKey(a, b)).toBe(latinNameKey(b.toUpperCase(), a));
      }),
    );
  });

  it('the member and enrolment schemas never throw, whatever they are given', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(() => memberSchema.safeParse(v)).not.toThrow();
        expect(() => enrolmentSchema.safeParse(v)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('any valid member keeps its date and derives its birth year', () => {
    const date = fc
      .date({ min: new Date('1901-01-01'), max: new Date('2024-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.constantFrom('F', 'M'), (birthDate, sex) => {
        const parsed = memberSchema.safeParse(member({ birthDate, sex: sex as 'F' | 'M' }));
        expect(parsed.success).toBe(true);
        if (parsed.success) expect(parsed.data).toMatchObject({ birthDate, birthYear: Number(birthDate.slice(0, 4)) });
      }),
    );
  });
});
