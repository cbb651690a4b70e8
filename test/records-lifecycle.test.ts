import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeHeadAction, deleteHouseholdAction } from '@/app/(app)/households/[id]/actions';
import {
  deleteMemberAction,
  moveMemberAction,
  recordDeathAction,
  recordExitAction,
} from '@/app/(app)/members/[id]/actions';
import { db } from '@/db/client';
import { households, members } from '@/db/schema';
import { requireRole } from '@/lib/auth/guards';
import { todayInCambodia } from '@/lib/households/schemas';
import { canDelete, findHousehold } from '@/lib/records/read';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree } from './helpers/households';
import { ageRecord, auditOf, enrolAs, memberRow } from './helpers/records';

const tomorrow = () => new Date(Date.parse(`${todayInCambodia()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

let officer: string;
let otherOfficer: string;
let admin: string;

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
  otherOfficer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
  admin = (await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id;
});

describe('moving a member', () => {
  it('moves a member to another household of the operator by its code, audited', async () => {
    const from = await enrolAs(officer);
    const to = await enrolAs(officer);
    const res = await moveMemberAction({
      memberId: from.spouse.id,
      householdCode: ` ${to.code.toLowerCase()} `,
      relationship: 'other_relative',
    });
    expect(res).toEqual({ ok: true, data: { householdId: to.householdId } });
    expect(await memberRow(from.spouse.id)).toMatchObject({
      householdId: to.householdId,
      relationship: 'other_relative',
      version: 2,
    });
    const move = (await auditOf(from.spouse.id)).find((a) => a.action === 'member.move');
    expect(move).toMatchObject({
      actorId: officer,
      before: { householdId: from.householdId, relationship: 'spouse' },
      after: { householdId: to.householdId, relationship: 'other_relative' },
    });
  });

  it("refuses the head, unknown or other operators' codes, the same household, a head relationship and inactive members", async () => {
    const from = await enrolAs(officer);
    const to = await enrolAs(officer);
    const elsewhere = await makeOperator();
    const foreign = await enrolAs((await makeUser({ operatorId: elsewhere.id, roles: ['enrolment_officer'] })).id);
    await signInAs(officer);
    const move = (memberId: string, householdCode: string, relationship = 'child') =>
      moveMemberAction({ memberId, householdCode, relationship });
    expect(await move(from.head.id, to.code)).toMatchObject({
      ok: false,
      code: 'INVALID',
      messageKey: 'moveHeadFirst',
    });
    expect(await move(from.child.id, 'NOPE-000001')).toMatchObject({
      ok: false,
      fieldErrors: { householdCode: ['householdCodeUnknown'] },
    });
    expect(await move(from.child.id, foreign.code)).toMatchObject({
      ok: false,
      fieldErrors: { householdCode: ['householdCodeUnknown'] },
    });
    expect(await move(from.child.id, from.code)).toMatchObject({
      ok: false,
      fieldErrors: { householdCode: ['sameHousehold'] },
    });
    expect(await move(from.child.id, to.code, 'head')).toMatchObject({
      ok: false,
      code: 'INVALID',
      fieldErrors: { relationship: ['required'] },
    });
    await db().update(households).set({ status: 'closed' }).where(eq(households.id, to.householdId));
    expect(await move(from.child.id, to.code)).toMatchObject({
      ok: false,
      fieldErrors: { householdCode: ['householdClosed'] },
    });
    expect(await recordDeathAction({ memberId: from.spouse.id, deathDate: '2024-01-02' })).toMatchObject({ ok: true });
    expect(await move(from.spouse.id, foreign.code)).toMatchObject({ ok: false, messageKey: 'memberNotActive' });
    expect(await memberRow(from.child.id)).toMatchObject({ householdId: from.householdId, version: 1 });
  });
});

describe('changing the head', () => {
  it('makes another member head; the former head takes the relationship asked for; exactly one head remains', async () => {
    const h = await enrolAs(officer);
    expect(
      await changeHeadAction({ householdId: h.householdId, newHeadId: h.spouse.id, formerHeadRelationship: 'spouse' }),
    ).toEqual({ ok: true, data: null });
    expect(await memberRow(h.spouse.id)).toMatchObject({ relationship: 'head', version: 2 });
    expect(await memberRow(h.head.id)).toMatchObject({ relationship: 'spouse', version: 2 });
    const [heads] = await db()
      .select({ n: count() })
      .from(members)
      .where(and(eq(members.householdId, h.householdId), eq(members.relationship, 'head')));
    expect(heads!.n).toBe(1);
    expect((await auditOf(h.householdId)).find((a) => a.action === 'household.head_change')).toMatchObject({
      before: { headMemberId: h.head.id },
      after: { headMemberId: h.spouse.id },
    });
    expect((await auditOf(h.head.id)).at(-1)).toMatchObject({
      action: 'member.update',
      before: { relationship: 'head' },
      after: { relationship: 'spouse' },
    });
    expect((await auditOf(h.spouse.id)).at(-1)).toMatchObject({
      action: 'member.update',
      before: { relationship: 'spouse' },
      after: { relationship: 'head' },
    });
  });

  it('refuses the present head, a member of another household, a "head" relationship for the former head, and inactive members', async () => {
    const h = await enrolAs(officer);
    const other = await enrolAs(officer);
    const change = (newHeadId: string, formerHeadRelationship = 'parent') =>
      changeHeadAction({ householdId: h.householdId, newHeadId, formerHeadRelationship });
    expect(await change(h.head.id)).toMatchObject({ ok: false, fieldErrors: { newHeadId: ['alreadyHead'] } });
    expect(await change(other.spouse.id)).toMatchObject({ ok: false, fieldErrors: { newHeadId: ['notAMember'] } });
    expect(await change(h.spouse.id, 'head')).toMatchObject({
      ok: false,
      code: 'INVALID',
      fieldErrors: { formerHeadRelationship: ['required'] },
    });
    await recordExitAction({ memberId: h.child.id, exitDate: '2024-06-01', reason: 'Moved to Phnom Penh for work' });
    expect(await change(h.child.id)).toMatchObject({ ok: false, fieldErrors: { newHeadId: ['memberNotActive'] } });
    expect(await memberRow(h.head.id)).toMatchObject({ relationship: 'head', version: 1 });
  });
});

describe('deaths and exits', () => {
  it('records a death with its date; not in the future, not before birth, not twice', async () => {
    const h = await enrolAs(officer);
    expect(await recordDeathAction({ memberId: h.head.id, deathDate: tomorrow() })).toMatchObject({
      ok: false,
      fieldErrors: { deathDate: ['dateInFuture'] },
    });
    expect(await recordDeathAction({ memberId: h.head.id, deathDate: '1980-05-16' })).toMatchObject({
      ok: false,
      fieldErrors: { deathDate: ['beforeBirth'] },
    });
    // The child's birth is only known as the year 2015.
    expect(await recordDeathAction({ memberId: h.child.id, deathDate: '2014-12-31' })).toMatchObject({
      ok: false,
      fieldErrors: { deathDate: ['beforeBirth'] },
    });
    expect(await recordDeathAction({ memberId: h.head.id, deathDate: '' })).toMatchObject({
      ok: false,
      fieldErrors: { deathDate: ['required'] },
    });
    expect(await recordDeathAction({ memberId: h.head.id, deathDate: '1980-05-17' })).toEqual({ ok: true, data: null });
    expect(await memberRow(h.head.id)).toMatchObject({ status: 'deceased', deathDate: '1980-05-17', version: 2 });
    expect((await auditOf(h.head.id)).at(-1)).toMatchObject({
      action: 'member.death',
      before: { status: 'active', deathDate: null },
      after: { status: 'deceased', deathDate: '1980-05-17' },
    });
    expect(await recordDeathAction({ memberId: h.head.id, deathDate: '2020-01-01' })).toMatchObject({
      ok: false,
      messageKey: 'memberNotActive',
    });
  });

  it('records an exit with a date and a reason', async () => {
    const h = await enrolAs(officer);
    expect(await recordExitAction({ memberId: h.spouse.id, exitDate: '2024-03-01', reason: '  ' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: ['required'] },
    });
    expect(
      await recordExitAction({ memberId: h.spouse.id, exitDate: '2024-03-01', reason: 'Married into another village' }),
    ).toEqual({ ok: true, data: null });
    expect(await memberRow(h.spouse.id)).toMatchObject({
      status: 'exited',
      exitDate: '2024-03-01',
      exitReason: 'Married into another village',
    });
    expect((await auditOf(h.spouse.id)).at(-1)).toMatchObject({
      action: 'member.exit',
      after: { status: 'exited', exitDate: '2024-03-01', exitReason: 'Married into another village' },
    });
  });
});

describe('deleting what was enrolled by mistake', () => {
  it('deletes a household and its members within 24 hours for its creator, with a snapshot in the audit trail', async () => {
    const h = await enrolAs(officer);
    await signInAs(otherOfficer);
    expect(await deleteHouseholdAction({ householdId: h.householdId, reason: 'Typed twice' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      messageKey: 'deleteNotCreator',
    });
    await signInAs(officer);
    expect(await deleteHouseholdAction({ householdId: h.householdId, reason: '' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: ['required'] },
    });
    expect(await deleteHouseholdAction({ householdId: h.householdId, reason: 'Typed twice' })).toEqual({
      ok: true,
      data: null,
    });
    expect(await db().select().from(households).where(eq(households.id, h.householdId))).toEqual([]);
    expect(await db().select().from(members).where(eq(members.householdId, h.householdId))).toEqual([]);
    const [del] = (await auditOf(h.householdId)).filter((a) => a.action === 'household.delete');
    expect(del).toMatchObject({
      actorId: officer,
      before: { code: h.code, villageCode: '01020101', idpoorNumber: '01020101-0042' },
      after: { reason: 'Typed twice' },
    });
    for (const m of h.members) {
      expect((await auditOf(m.id)).at(-1)).toMatchObject({
        action: 'member.delete',
        before: { surnameKm: m.surnameKm, householdId: h.householdId },
      });
    }
  });

  it('lets an operator administrator delete what an officer enrolled; refuses after 24 hours with a clear message', async () => {
    const fresh = await enrolAs(officer);
    await signInAs(admin);
    expect(await deleteHouseholdAction({ householdId: fresh.householdId, reason: 'Test entry' })).toEqual({
      ok: true,
      data: null,
    });

    const old = await enrolAs(officer);
    await ageRecord('households', old.householdId, 25);
    expect(await deleteHouseholdAction({ householdId: old.householdId, reason: 'Too late' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      messageKey: 'deleteWindowPassed',
    });
    expect(
      await db().select({ id: households.id }).from(households).where(eq(households.id, old.householdId)),
    ).toHaveLength(1);
  });

  it('offers deletion only to the creator or an administrator, and only within the 24 hours', async () => {
    const h = await enrolAs(officer);
    const view = async (userId: string) => {
      await signInAs(userId);
      const actor = await requireRole('households');
      return canDelete(actor, await findHousehold(actor, h.householdId));
    };
    expect(await view(officer)).toBe(true);
    expect(await view(admin)).toBe(true);
    expect(await view(otherOfficer)).toBe(false);
    await ageRecord('households', h.householdId, 24.1);
    expect(await view(officer)).toBe(false);
    expect(await view(admin)).toBe(false);
  });

  it('keeps a household whose members are older than itself (moved in): they were no mistake', async () => {
    const h = await enrolAs(officer, householdOfThree());
    await ageRecord('members', h.child.id, 48);
    expect(await deleteHouseholdAction({ householdId: h.householdId, reason: 'Duplicate' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      messageKey: 'deleteOlderMembers',
    });
    expect(await memberRow(h.child.id)).toBeDefined();
  });

  it('deletes a member within 24 hours, but never the head, the last member, or after 24 hours', async () => {
    const h = await enrolAs(officer);
    expect(await deleteMemberAction({ memberId: h.head.id, reason: 'Mistake' })).toMatchObject({
      ok: false,
      messageKey: 'deleteHeadFirst',
    });
    await ageRecord('members', h.child.id, 24.5);
    expect(await deleteMemberAction({ memberId: h.child.id, reason: 'Mistake' })).toMatchObject({
      ok: false,
      messageKey: 'deleteWindowPassed',
    });
    expect(await deleteMemberAction({ memberId: h.spouse.id, reason: 'Entered in the wrong household' })).toEqual({
      ok: true,
      data: { householdId: h.householdId },
    });
    expect(await memberRow(h.spouse.id)).toBeUndefined();
    expect((await auditOf(h.spouse.id)).at(-1)).toMatchObject({
      action: 'member.delete',
      before: { givenNameKm: 'សុភា' },
      after: { reason: 'Entered in the wrong household' },
    });

    const single = householdOfThree();
    single.members = [single.members[0]!];
    const one = await enrolAs(officer, single);
    expect(await deleteMemberAction({ memberId: one.head.id, reason: 'Mistake' })).toMatchObject({
      ok: false,
      messageKey: 'deleteLastMember',
    });
  });
});
