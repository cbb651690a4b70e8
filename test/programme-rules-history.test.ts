import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { households, memberDisabilityHistory, members } from '@/db/schema';
import type { Tenant } from '@/lib/auth/scope';
import { householdAmounts } from '@/lib/programmes/rules-sql';
import { benefitRules } from '@/lib/programmes/rules';
import { khmerNameKey } from '@/lib/text/normalise';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits, VILLAGE } from './helpers/households';

// A rule reads the disability recorded ON THE PAYMENT DATE (member_disability_history, migration
// 0019), and a member's chronic illness.
const rules = benefitRules.parse({
  currency: 'KHR',
  eligibility: { minHouseholdSize: 1 },
  household: [],
  members: [
    { when: { disability: 'aLot' }, amount: 40_000 },
    { when: { chronicIllness: true }, amount: 30_000 },
  ],
});

async function householdWith(actor: Tenant, m: { disability?: object; chronicIllness?: boolean }) {
  const [h] = await db()
    .insert(households)
    .values({ operatorId: actor.operatorId, code: `DH-${randomUUID().slice(0, 8)}`, villageCode: VILLAGE })
    .returning({ id: households.id });
  const [row] = await db()
    .insert(members)
    .values({
      operatorId: actor.operatorId,
      householdId: h!.id,
      surnameKm: 'សុខ',
      givenNameKm: 'ដារ៉ា',
      nameKmKey: khmerNameKey('សុខ', 'ដារ៉ា'),
      sex: 'F',
      birthDate: '1980-01-01',
      birthYear: 1980,
      relationship: 'head',
      disability: m.disability ?? null,
      chronicIllness: m.chronicIllness ?? false,
    })
    .returning({ id: members.id });
  return { householdId: h!.id, memberId: row!.id };
}

const total = async (actor: Tenant, householdId: string, date: string) =>
  (await householdAmounts(db(), actor, rules, date, { householdIds: [householdId] }))[0]?.total;

describe('disability on the payment date', () => {
  let a: Tenant;
  beforeAll(async () => {
    await ensureUnits();
    a = { operatorId: (await makeOperator()).id };
  });

  it('keeps the earlier value when the disability changes, and a rule reads the value held on the date', async () => {
    const { householdId, memberId } = await householdWith(a, { disability: { walking: 'some' } });
    const [today] = await query<{ d: string }>(db(), sql`select current_date::text as d`);
    // The trigger writes history only across days; make the first value begin on 2026-01-01.
    await db().update(members).set({ disabilitySince: '2026-01-01' }).where(eq(members.id, memberId));
    await db()
      .update(members)
      .set({ disability: { walking: 'cannot' } })
      .where(eq(members.id, memberId));

    const history = await db()
      .select()
      .from(memberDisabilityHistory)
      .where(eq(memberDisabilityHistory.memberId, memberId));
    expect(history).toHaveLength(1);
    expect(history[0]!.disability).toEqual({ walking: 'some' });
    expect(history[0]!.validFrom).toBe('2026-01-01');
    const [now] = await db().select().from(members).where(eq(members.id, memberId));
    expect(now!.disabilitySince).toBe(history[0]!.validTo);
    expect(now!.disabilitySince).toBe(today!.d);

    // Before the change: 'some' does not reach 'aLot'; from the change on, 'cannot' does.
    const before = new Date(Date.parse(`${now!.disabilitySince}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await total(a, householdId, '2026-02-01')).toBe(0);
    expect(await total(a, householdId, before)).toBe(0);
    expect(await total(a, householdId, now!.disabilitySince!)).toBe(40_000);
    expect(await total(a, householdId, '2099-12-31')).toBe(40_000);
  });

  it('reads a disability changed during a period from the history rows', async () => {
    // A member assessed 'aLot' from March, 'none' from May (today's value since then), as the
    // history records it.
    const { householdId, memberId } = await householdWith(a, { disability: { seeing: 'none' } });
    await db().update(members).set({ disabilitySince: '2026-05-01' }).where(eq(members.id, memberId));
    await db()
      .insert(memberDisabilityHistory)
      .values([
        { operatorId: a.operatorId, memberId, disability: null, validFrom: '2026-01-10', validTo: '2026-03-01' },
        {
          operatorId: a.operatorId,
          memberId,
          disability: { seeing: 'aLot' },
          validFrom: '2026-03-01',
          validTo: '2026-05-01',
        },
      ]);
    expect(await total(a, householdId, '2026-02-28')).toBe(0);
    expect(await total(a, householdId, '2026-03-01')).toBe(40_000);
    expect(await total(a, householdId, '2026-04-30')).toBe(40_000);
    expect(await total(a, householdId, '2026-05-01')).toBe(0);
    // Before the first record: the earliest value known (none).
    expect(await total(a, householdId, '2025-06-01')).toBe(0);
  });

  it('pays the chronic-illness rule, after the disability rule (first match)', async () => {
    const ill = await householdWith(a, { chronicIllness: true });
    const both = await householdWith(a, { chronicIllness: true, disability: { cognition: 'cannot' } });
    const neither = await householdWith(a, {});
    expect(await total(a, ill.householdId, '2026-06-15')).toBe(30_000);
    expect(await total(a, both.householdId, '2026-06-15')).toBe(40_000);
    expect(await total(a, neither.householdId, '2026-06-15')).toBe(0);
  });

  it('refuses chronicIllness other than true', () => {
    const r = benefitRules.safeParse({ ...rules, members: [{ when: { chronicIllness: false }, amount: 1 }] });
    expect(r.success).toBe(false);
  });
});
