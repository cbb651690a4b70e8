import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { auditLog, households, members } from '@/db/schema';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import {
  ensureUnits,
  householdOfThree,
  khmerId,
  member,
  OTHER_VILLAGE_SAME_COMMUNE,
  VILLAGE_ELSEWHERE,
} from './helpers/households';

type Result = Awaited<ReturnType<typeof enrolHouseholdAction>>;

async function counts() {
  const [h] = await db().select({ n: count() }).from(households);
  const [m] = await db().select({ n: count() }).from(members);
  return { households: h!.n, members: m!.n };
}

function saved(res: Result) {
  if (!res.ok || res.data.status !== 'saved') throw new Error(`not saved: ${JSON.stringify(res)}`);
  return res.data;
}

describe('enrolling a household and its members', () => {
  let officerId: string;
  let adminId: string;
  let operatorCode: string;

  beforeAll(async () => {
    await ensureUnits();
    const op = await makeOperator('PWDF');
    operatorCode = op.code;
    officerId = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
    adminId = (await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id;
  });

  it('saves a household of three in Khmer with a readable code, E.164 phones and an audit row each', async () => {
    await signInAs(officerId);
    const first = saved(await enrolHouseholdAction(householdOfThree()));
    expect(first.code).toMatch(new RegExp(`^${operatorCode}-\\d{6}$`));
    const [h] = await db().select().from(households).where(eq(households.id, first.householdId));
    expect(h).toMatchObject({
      villageCode: '01020101',
      communeCode: '010201',
      provinceCode: '01',
      idpoorLevel: 1,
      phone: '+85512345678',
    });
    const ms = await db().select().from(members).where(eq(members.householdId, first.householdId));
    expect(ms).toHaveLength(3);
    const child = ms.find((m) => m.relationship === 'child')!;
    expect(child).toMatchObject({ birthEstimated: true, birthYear: 2015, birthDate: null });
    expect(ms.find((m) => m.relationship === 'spouse')?.phone).toBe('+855977123456');
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, first.householdId));
    expect(audit.map((a) => a.action)).toContain('household.create');
    for (const m of ms) {
      expect((await db().select().from(auditLog).where(eq(auditLog.entityId, m.id))).map((a) => a.action)).toContain(
        'member.create',
      );
    }
    const next = saved(await enrolHouseholdAction({ ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }) }));
    expect(Number(next.code.slice(-6))).toBe(Number(first.code.slice(-6)) + 1);
  });

  it('blocks the same Khmer ID with a link to the existing member; an administrator may override with a reason', async () => {
    await signInAs(officerId);
    const id = khmerId();
    const original = householdOfThree({ villageCode: VILLAGE_ELSEWHERE });
    original.members[0]!.khmerId = id;
    // Earlier tests enrolled the same names: those are "similar people", confirmed here.
    original.confirmSimilar = true;
    saved(await enrolHouseholdAction(original));
    const before = await counts();

    const again = householdOfThree();
    again.members[0] = member({ surnameKm: 'កែវ', givenNameKm: 'មុនី', khmerId: id, birthDate: '1990-01-01' });
    again.confirmSimilar = true;
    const res = await enrolHouseholdAction(again);
    expect(res).toMatchObject({ ok: true, data: { status: 'duplicates', canOverride: false } });
    if (!res.ok || res.data.status !== 'duplicates') return;
    expect(res.data.sameKhmerId[0]).toMatchObject({ index: 0, khmerId: id, reason: 'khmerId' });
    expect(await counts()).toEqual(before);
    // An officer cannot override.
    expect(await enrolHouseholdAction({ ...again, khmerIdOverrideReason: 'same person?' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });

    await signInAs(adminId);
    const overridden = saved(
      await enrolHouseholdAction({ ...again, khmerIdOverrideReason: 'Card misprinted: two people hold this number' }),
    );
    const [m] = await db().select().from(members).where(eq(members.householdId, overridden.householdId)).limit(1);
    const rows = await db().select().from(auditLog).where(eq(auditLog.action, 'member.khmer_id_override'));
    expect(
      rows.some((r) => (r.after as { reason: string }).reason.startsWith('Card misprinted') && r.entityId === m!.id),
    ).toBe(true);
  });

  it('lists similar people in the same commune for the officer to confirm', async () => {
    await signInAs(officerId);
    const base = householdOfThree();
    base.members = [
      member({
        surnameKm: 'ហេង',
        givenNameKm: 'សុវណ្ណ',
        surnameLatin: 'Heng',
        givenNameLatin: 'Sovann',
        birthDate: '1975-03-03',
      }),
    ];
    saved(await enrolHouseholdAction(base));

    // Same person? Khmer name typed with a zero-width space and the coeng DA look-alike, birth date 5 months off,
    // another village of the same commune, Latin name reversed.
    const probe = householdOfThree({ villageCode: OTHER_VILLAGE_SAME_COMMUNE });
    probe.members = [
      member({
        surnameKm: 'ហេង\u200B',
        givenNameKm: 'សុវណ្ណ',
        surnameLatin: 'Sovann',
        givenNameLatin: 'Heng',
        birthDate: '1975-08-20',
      }),
    ];
    const res = await enrolHouseholdAction(probe);
    expect(res).toMatchObject({ ok: true, data: { status: 'duplicates' } });
    if (!res.ok || res.data.status !== 'duplicates') return;
    expect(res.data.similar[0]).toMatchObject({ index: 0, reason: 'khmerName', surnameKm: 'ហេង' });

    // Not similar: other sex, or born 3 years apart, or in another commune.
    for (const change of [{ sex: 'F' as const }, { birthDate: '1978-03-03' }]) {
      const other = householdOfThree({ villageCode: OTHER_VILLAGE_SAME_COMMUNE });
      other.members = [member({ surnameKm: 'ហេង', givenNameKm: 'សុវណ្ណ', birthDate: '1975-03-03', ...change })];
      const r = await enrolHouseholdAction(other);
      expect(r.ok && r.data.status, JSON.stringify(change)).toBe('saved');
    }
    const elsewhere = householdOfThree({ villageCode: VILLAGE_ELSEWHERE });
    elsewhere.members = [member({ surnameKm: 'ហេង', givenNameKm: 'សុវណ្ណ', birthDate: '1975-03-03' })];
    expect(saved(await enrolHouseholdAction(elsewhere)).code).toBeTruthy();

    // Confirmed: saved, and the confirmation is in the audit trail.
    const confirmed = saved(await enrolHouseholdAction({ ...probe, confirmSimilar: true }));
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, confirmed.householdId));
    expect(audit.map((a) => a.action)).toContain('household.duplicates_confirmed');
  });

  it('never lets another role enrol', async () => {
    const op = await makeOperator();
    const viewer = await makeUser({ operatorId: op.id, roles: ['viewer', 'payment_officer'] });
    await signInAs(viewer.id);
    expect(await enrolHouseholdAction(householdOfThree())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
