import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeHeadAction } from '@/app/(app)/households/[id]/actions';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import {
  moveMemberAction,
  recordDeathAction,
  recordExitAction,
  updateMemberAction,
} from '@/app/(app)/members/[id]/actions';
import { retrySyncAction } from '@/app/(app)/registry-sync/actions';
import { db } from '@/db/client';
import { memberRegistry, members, registryOutbox } from '@/db/schema';
import { recordExit } from '@/lib/records/lifecycle';
import { memberFormValues } from '@/lib/records/form-values';
import { requireRole } from '@/lib/auth/guards';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree } from './helpers/households';
import { enrolAs, memberRow } from './helpers/records';

describe('changing a member queues its new version for the registry, in the same transaction', () => {
  let officer: string;
  let other: string;
  let admin: string;
  beforeAll(async () => {
    await ensureUnits();
    const op = await makeOperator();
    officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
    other = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
    admin = (await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id;
  });

  it('an exit writes an outbox row for the new version; a refused one writes none', async () => {
    await signInAs(officer);
    const res = await enrolHouseholdAction(householdOfThree());
    if (!res.ok || res.data.status !== 'saved') throw new Error(JSON.stringify(res));
    const [child] = await db()
      .select()
      .from(members)
      .where(and(eq(members.householdId, res.data.householdId), eq(members.relationship, 'child')));
    const actor = await requireRole('enrolment');
    await expect(recordExit(actor, { memberId: child!.id, exitDate: '1900-01-01', reason: 'x' })).rejects.toThrow();
    expect(await db().select().from(registryOutbox).where(eq(registryOutbox.memberId, child!.id))).toHaveLength(1);
    await recordExit(actor, { memberId: child!.id, exitDate: '2025-06-01', reason: 'Moved to Thailand for work' });
    const rows = await db().select().from(registryOutbox).where(eq(registryOutbox.memberId, child!.id));
    expect(rows.map((r) => r.memberVersion).sort()).toEqual([1, 2]);
  });

  it('each row records the staff user who made the change: enrolment, edit, move, head change, death, exit, resend', async () => {
    const h = await enrolAs(officer);
    const to = await enrolAs(officer);
    const rowsOf = async (id: string) =>
      db().select().from(registryOutbox).where(eq(registryOutbox.memberId, id)).orderBy(registryOutbox.id);
    for (const m of h.members) expect((await rowsOf(m.id)).map((r) => r.causedBy)).toEqual([officer]);

    await signInAs(other);
    const child = (await memberRow(h.child.id))!;
    const edited = await updateMemberAction({
      memberId: child.id,
      version: child.version,
      member: { ...memberFormValues(child), phone: '012 345 679' },
    });
    expect(edited).toMatchObject({ ok: true });
    expect(
      await moveMemberAction({ memberId: h.child.id, householdCode: to.code, relationship: 'child' }),
    ).toMatchObject({ ok: true });
    expect(
      await changeHeadAction({ householdId: h.householdId, newHeadId: h.spouse.id, formerHeadRelationship: 'spouse' }),
    ).toMatchObject({ ok: true });
    expect(await recordDeathAction({ memberId: h.head.id, deathDate: '2025-01-02' })).toMatchObject({ ok: true });
    expect(
      await recordExitAction({ memberId: to.spouse.id, exitDate: '2025-03-04', reason: 'Moved away' }),
    ).toMatchObject({ ok: true });
    expect((await rowsOf(h.child.id)).map((r) => r.causedBy)).toEqual([officer, other, other]);
    expect((await rowsOf(h.spouse.id)).map((r) => r.causedBy)).toEqual([officer, other]);
    expect((await rowsOf(h.head.id)).map((r) => r.causedBy)).toEqual([officer, other, other]);
    expect((await rowsOf(to.spouse.id)).map((r) => r.causedBy)).toEqual([officer, other]);

    // A rejected member sent again by an administrator: the administrator caused that version.
    await db()
      .update(memberRegistry)
      .set({ state: 'rejected' })
      .where(inArray(memberRegistry.memberId, [to.child.id]));
    await signInAs(admin);
    expect(await retrySyncAction({ memberId: to.child.id })).toEqual({ ok: true, data: { retried: 1 } });
    expect((await rowsOf(to.child.id)).map((r) => r.causedBy)).toEqual([officer, admin]);
  });
});
