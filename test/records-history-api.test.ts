import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeHeadAction, updateHouseholdAction } from '@/app/(app)/households/[id]/actions';
import {
  deleteMemberAction,
  moveMemberAction,
  recordDeathAction,
  updateMemberAction,
} from '@/app/(app)/members/[id]/actions';
import { GET as getHousehold } from '@/app/api/v1/households/[id]/route';
import { GET as getMember } from '@/app/api/v1/members/[id]/route';
import { db } from '@/db/client';
import { households } from '@/db/schema';
import { requireRole } from '@/lib/auth/guards';
import { householdFormValues, memberFormValues } from '@/lib/records/form-values';
import { householdHistory, historyRefs, memberHistory } from '@/lib/records/history';
import { describeHistory, looseTranslator } from '@/lib/records/history-text';
import { formatterFor } from '@/lib/i18n/format';
import { MESSAGES } from '@/messages';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree, member } from './helpers/households';
import { enrolAs } from './helpers/records';

async function asText(locale: 'en' | 'km', householdView: boolean, list: Awaited<ReturnType<typeof memberHistory>>) {
  const actor = await requireRole('households');
  return describeHistory(list, {
    t: looseTranslator(createTranslator({ locale, messages: MESSAGES[locale] })),
    format: formatterFor(locale),
    locale,
    refs: await historyRefs(actor, list),
    householdView,
  });
}

describe('history of a household and of a member', () => {
  let officer: string;
  let viewer: string;

  beforeAll(async () => {
    await ensureUnits();
    const op = await makeOperator();
    officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
    viewer = (await makeUser({ operatorId: op.id, roles: ['viewer'] })).id;
  });

  it("lists every change with who, when, field, old → new, and the members' arrivals and departures", async () => {
    const input = householdOfThree();
    input.members.push(
      member({
        surnameKm: 'ដារ៉ា',
        givenNameKm: 'ស្រីនិច',
        surnameLatin: 'Dara',
        givenNameLatin: 'Sreynich',
        sex: 'F',
        birthDate: '2018-01-09',
        relationship: 'child',
        maritalStatus: '',
      }),
    );
    const h = await enrolAs(officer, input);
    const other = await enrolAs(officer);
    const [row] = await db().select().from(households).where(eq(households.id, h.householdId));
    expect(
      await updateHouseholdAction({
        householdId: h.householdId,
        version: 1,
        household: { ...householdFormValues(row!), idpoorLevel: '2' },
      }),
    ).toMatchObject({ ok: true });
    await updateMemberAction({
      memberId: h.spouse.id,
      version: 1,
      member: { ...memberFormValues(h.spouse), sex: 'M' },
    });
    await moveMemberAction({ memberId: h.child.id, householdCode: other.code, relationship: 'grandchild' });
    await changeHeadAction({ householdId: h.householdId, newHeadId: h.spouse.id, formerHeadRelationship: 'spouse' });
    await recordDeathAction({ memberId: h.head.id, deathDate: '2025-01-15' });
    const youngest = h.members.find((m) => m.givenNameLatin === 'Sreynich')!;
    expect(await deleteMemberAction({ memberId: youngest.id, reason: 'Not part of this family' })).toMatchObject({
      ok: true,
    });

    await signInAs(viewer);
    const actor = await requireRole('households');
    const list = await householdHistory(actor, h.householdId);
    const actions = list.map((e) => `${e.action}:${e.entityId === h.householdId ? 'household' : e.entityId}`);
    expect(actions).toEqual([
      `member.delete:${youngest.id}`,
      `member.death:${h.head.id}`,
      'household.head_change:household',
      `member.move:${h.child.id}`,
      'household.update:household',
      ...h.members.map((m) => `member.create:${m.id}`).reverse(),
      'household.create:household',
    ]);
    // The spouse's correction is theirs, not the household's.
    expect(actions.some((a) => a.startsWith('member.update'))).toBe(false);

    const en = await asText('en', true, list);
    expect(en[0]).toMatchObject({
      what: 'ដារ៉ា ស្រីនិច: Member deleted',
      changes: ['Reason: Not part of this family'],
      memberId: null,
    });
    expect(en[1]).toMatchObject({
      who: 'Test User',
      what: 'សុខ ដារ៉ា: Death recorded',
      changes: ['Status: Active → Deceased', 'Date of death: — → Jan 15, 2025'],
    });
    expect(en[2]).toMatchObject({
      what: 'Head of household changed',
      changes: ['Head of household: សុខ ដារ៉ា → ចាន់ សុភា'],
    });
    expect(en[3]!.changes).toEqual([
      `Household: ${h.code} → ${other.code}`,
      'Relationship to the head: Child → Grandchild',
    ]);
    expect(en[4]!.changes).toEqual(['IDPoor level: Level 1 (very poor) → Level 2 (poor)']);
    // New members are named on the household's page and linked while they exist.
    expect(en[5]).toMatchObject({ what: 'ដារ៉ា ស្រីនិច: Member added', changes: [], memberId: null });
    expect(en[6]).toMatchObject({ what: 'ដារ៉ា វិចិត្រ: Member added', changes: [], memberId: h.child.id });
    expect(en.at(-1)!.changes).toContain('Village: Ou Thum (01020101)');
    expect(en.at(-1)!.when).toMatch(/\d{4}/);

    const km = await asText('km', true, list);
    expect(km[1]!.changes).toEqual(['ស្ថានភាព៖ សកម្ម → បានទទួលមរណភាព', 'ថ្ងៃទទួលមរណភាព៖ — → ១៥ មករា ២០២៥']);
    expect(km.at(-1)!.changes).toContain('ភូមិ៖ អូរធំ (01020101)');

    // The other household sees the child arrive, but not their creation elsewhere.
    const arrived = await householdHistory(actor, other.householdId);
    expect(arrived.filter((e) => e.entityId === h.child.id).map((e) => e.action)).toEqual(['member.move']);

    // The spouse's own history: created, sex corrected, became head.
    const spouse = await asText('en', false, await memberHistory(actor, h.spouse.id));
    expect(spouse.map((r) => r.what)).toEqual(['Member corrected', 'Member corrected', 'Member added']);
    expect(spouse[0]!.changes).toEqual(['Relationship to the head: Spouse → Head of household']);
    expect(spouse[1]!.changes).toEqual(['Sex: Female → Male']);
    expect(spouse[2]!.changes).toEqual(
      expect.arrayContaining(['Surname (Khmer): ចាន់', 'Date of birth: Feb 29, 1984', 'Phone: 097 712 3456']),
    );
  });
});

describe('JSON: /api/v1/households/{id} and /api/v1/members/{id}', () => {
  let officer: string;
  let foreignAdmin: string;

  beforeAll(async () => {
    await ensureUnits();
    officer = (await makeUser({ operatorId: (await makeOperator()).id, roles: ['enrolment_officer'] })).id;
    foreignAdmin = (await makeUser({ operatorId: (await makeOperator()).id, roles: ['operator_admin'] })).id;
  });

  const call = async (handler: typeof getHousehold, path: string, id: string) =>
    handler(new NextRequest(`http://localhost/api/v1/${path}/${encodeURIComponent(id)}`), {
      params: Promise.resolve({ id }),
    });

  it('answers a household with its members and address names, and a member with its household', async () => {
    const h = await enrolAs(officer);
    const res = await call(getHousehold, 'households', h.householdId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { members: Record<string, unknown>[] };
    expect(body).toMatchObject({
      id: h.householdId,
      code: h.code,
      status: 'active',
      version: 1,
      phone: '+85512345678',
      idpoor: { number: '01020101-0042', level: 1 },
      address: {
        villageCode: '01020101',
        addressLine: 'ផ្ទះលេខ ១២',
        province: { code: '01', nameKm: 'បន្ទាយមានជ័យ', nameLatin: 'Banteay Meanchey', retired: false },
        district: { code: '0102', nameLatin: 'Mongkol Borei' },
        commune: { code: '010201', nameLatin: 'Banteay Neang' },
        village: { code: '01020101', nameKm: 'អូរធំ', nameLatin: 'Ou Thum' },
      },
    });
    expect(body.members.map((m) => m.relationship)).toEqual(['head', 'spouse', 'child']);
    expect(Object.keys(body.members[0]!)).not.toContain('nameKmKey');
    expect(JSON.stringify(body)).not.toMatch(/importKey|withinDeleteWindow|operatorId/);

    const m = await call(getMember, 'members', h.spouse.id);
    expect(m.status).toBe(200);
    expect(await m.json()).toMatchObject({
      id: h.spouse.id,
      surnameKm: 'ចាន់',
      sex: 'F',
      household: { id: h.householdId, code: h.code, address: { village: { nameLatin: 'Ou Thum' } } },
    });
  });

  it("is 404 JSON for another operator's, unknown and malformed ids, 401 signed out", async () => {
    const h = await enrolAs(officer);
    await signInAs(foreignAdmin);
    for (const [handler, path, id] of [
      [getHousehold, 'households', h.householdId],
      [getMember, 'members', h.head.id],
      [getHousehold, 'households', randomUUID()],
      [getMember, 'members', 'not-a-uuid'],
      [getHousehold, 'households', "1' or '1'='1"],
      [getMember, 'members', ''],
    ] as const) {
      const res = await call(handler, path, id);
      expect(res.status, `${path}/${id}`).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    }
    await signInAs(null);
    const res = await call(getHousehold, 'households', h.householdId);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
