import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assignGrievanceAction,
  commentGrievanceAction,
  moveGrievanceAction,
  reopenGrievanceAction,
} from '@/app/(app)/grievances/[id]/actions';
import { createGrievanceAction } from '@/app/(app)/grievances/new/actions';
import { saveCategoryAction } from '@/app/(app)/grievances/settings/actions';
import { db } from '@/db/client';
import { auditLog, grievanceEvents, grievances } from '@/db/schema';
import { emptyGrievance } from '@/lib/grievances/schemas';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { categoryId, fileAs, grievanceRow } from './helpers/grievances';
import { enrolAs } from './helpers/records';
import { ensureUnits } from './helpers/households';

describe('grievance intake', () => {
  let op: { id: string; code: string };
  let other: { id: string; code: string };
  let officer: string;
  let enrolment: string;

  beforeAll(async () => {
    await ensureUnits();
    op = await makeOperator();
    other = await makeOperator();
    officer = (await makeUser({ operatorId: op.id, roles: ['grievance_officer'] })).id;
    enrolment = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
  });

  it('files a grievance with a reference, a due date, a created event and an audit row', async () => {
    const { id, code, dueOn } = await fileAs(officer, op.id, 'payment_not_received');
    expect(code).toMatch(new RegExp(`^${op.code}-G-\\d{6}$`));
    const g = await grievanceRow(id);
    expect(g).toMatchObject({ code, status: 'received', source: 'staff', sensitive: false, createdBy: officer, dueOn });
    const events = await db().select().from(grievanceEvents).where(eq(grievanceEvents.grievanceId, id));
    expect(events.map((e) => e.kind)).toEqual(['created']);
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(['grievance.create']);
  });

  it('copies sensitivity from the category', async () => {
    const { id } = await fileAs(officer, op.id, 'staff_conduct');
    expect((await grievanceRow(id)).sensitive).toBe(true);
  });

  it('stores no personal data at all for an anonymous complaint', async () => {
    const { id } = await fileAs(officer, op.id, 'other', {
      complainantKind: 'anonymous',
      complainantName: '',
      contactPhone: '',
    });
    const g = await grievanceRow(id);
    expect(g).toMatchObject({
      complainantKind: 'anonymous',
      memberId: null,
      complainantName: null,
      contactPhone: null,
    });
    // A form that sends a name with an anonymous complaint is refused beside the field, not silently kept.
    await signInAs(officer);
    const res = await createGrievanceAction({
      ...emptyGrievance,
      complainantKind: 'anonymous',
      complainantName: 'Sok',
      contactPhone: '012 345 678',
      description: 'x',
      categoryId: await categoryId(op.id, 'other'),
    });
    expect(res).toMatchObject({
      ok: false,
      code: 'INVALID',
      fieldErrors: { complainantName: ['anonymousNoData'], contactPhone: ['anonymousNoData'] },
    });
  });

  it("links a member of the operator and refuses another operator's member or category", async () => {
    const { head } = await enrolAs(enrolment);
    const { id } = await fileAs(enrolment, op.id, 'enrolment', {
      complainantKind: 'member',
      complainantName: '',
      memberId: head.id,
      contactPhone: '012 345 678',
    });
    expect(await grievanceRow(id)).toMatchObject({ memberId: head.id, contactPhone: '+85512345678' });

    const stranger = (await makeUser({ operatorId: other.id, roles: ['operator_admin'] })).id;
    await expect(
      fileAs(stranger, other.id, 'enrolment', { complainantKind: 'member', complainantName: '', memberId: head.id }),
    ).rejects.toThrow(/unknownMember/);
    await signInAs(stranger);
    const res = await createGrievanceAction({
      ...emptyGrievance,
      complainantKind: 'anonymous',
      description: 'x',
      categoryId: await categoryId(op.id, 'other'),
    });
    expect(res).toMatchObject({ ok: false, code: 'INVALID', messageKey: 'unknownCategory' });
  });
});

describe('sub-categories', () => {
  it('takes a sub-category of the chosen category only, and a sensitive one makes the grievance sensitive', async () => {
    const op = await makeOperator();
    const admin = (await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id;
    await fileAs(admin, op.id); // seeds the categories
    await signInAs(admin);
    const sub = (parent: string, code: string, sensitive: boolean) => ({
      categoryId: '',
      parentId: parent,
      code,
      nameKm: 'ប្រភេទរង',
      nameEn: code,
      slaDays: '3',
      sensitive,
      active: true,
    });
    const payment = await categoryId(op.id, 'payment_not_received');
    const late = await saveCategoryAction(sub(payment, 'late_agent', true));
    if (!late.ok) throw new Error(JSON.stringify(late));
    const { id } = await fileAs(admin, op.id, 'payment_not_received', { subcategoryId: late.data.id });
    expect(await grievanceRow(id)).toMatchObject({ subcategoryId: late.data.id, sensitive: true });
    await expect(fileAs(admin, op.id, 'other', { subcategoryId: late.data.id })).rejects.toThrow(/unknownSubcategory/);
    // A sub-category is not a category of its own at intake.
    await signInAs(admin);
    const res = await createGrievanceAction({
      ...emptyGrievance,
      complainantKind: 'anonymous',
      description: 'x',
      categoryId: late.data.id,
    });
    expect(res).toMatchObject({ ok: false, messageKey: 'unknownCategory' });
  });
});

describe('grievance workflow', () => {
  let op: { id: string; code: string };
  let officer: string;
  let colleague: string;
  let admin: string;

  beforeAll(async () => {
    op = await makeOperator();
    officer = (await makeUser({ operatorId: op.id, roles: ['grievance_officer'] })).id;
    colleague = (await makeUser({ operatorId: op.id, roles: ['grievance_officer'] })).id;
    admin = (await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id;
  });

  const move = async (id: string, to: string, resolution = '') => {
    const { version } = await grievanceRow(id);
    return moveGrievanceAction({ grievanceId: id, version, to, resolution });
  };

  it('goes received → in review → resolved → closed, each step an event and an audit row', async () => {
    const { id } = await fileAs(officer, op.id);
    await signInAs(officer);
    const assigned = await assignGrievanceAction({ grievanceId: id, version: 1, assigneeId: colleague });
    expect(assigned).toEqual({ ok: true, data: { version: 2, status: 'received' } });
    expect(await move(id, 'in_review')).toMatchObject({ ok: true, data: { status: 'in_review' } });
    expect(await move(id, 'resolved', 'Paid at the commune office on 3 December')).toMatchObject({ ok: true });
    expect(await move(id, 'closed')).toMatchObject({ ok: true, data: { status: 'closed', version: 5 } });
    const g = await grievanceRow(id);
    expect(g).toMatchObject({
      status: 'closed',
      assignedTo: colleague,
      resolution: 'Paid at the commune office on 3 December',
    });
    expect(g.resolvedAt).not.toBeNull();
    expect(g.closedAt).not.toBeNull();
    const events = await db()
      .select()
      .from(grievanceEvents)
      .where(eq(grievanceEvents.grievanceId, id))
      .orderBy(grievanceEvents.at);
    expect(events.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['created', null, 'received'],
      ['assigned', 'received', 'received'],
      ['status', 'received', 'in_review'],
      ['status', 'in_review', 'resolved'],
      ['status', 'resolved', 'closed'],
    ]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((a) => a.action).sort()).toEqual(
      ['grievance.assign', 'grievance.create', 'grievance.status', 'grievance.status', 'grievance.status'].sort(),
    );
  });

  it('refuses every illegal transition with a clear message', async () => {
    const { id } = await fileAs(officer, op.id);
    await signInAs(officer);
    const expectRefused = async (to: string, key: string) =>
      expect(await move(id, to, 'A resolution')).toMatchObject({ ok: false, code: 'INVALID', messageKey: key });
    // received
    await expectRefused('resolved', 'decideOnlyInReview');
    await expectRefused('rejected', 'decideOnlyInReview');
    await expectRefused('closed', 'closeOnlyDecided');
    await move(id, 'in_review');
    // in_review
    await expectRefused('in_review', 'reviewOnlyReceived');
    await expectRefused('closed', 'closeOnlyDecided');
    await move(id, 'rejected', 'Not within the programme');
    // rejected
    await expectRefused('in_review', 'reviewOnlyReceived');
    await expectRefused('resolved', 'decideOnlyInReview');
    await expectRefused('rejected', 'decideOnlyInReview');
    await move(id, 'closed');
    // closed
    for (const to of ['in_review', 'resolved', 'rejected', 'closed']) await expectRefused(to, 'grievanceClosed');
    const { version } = await grievanceRow(id);
    expect(await assignGrievanceAction({ grievanceId: id, version, assigneeId: officer })).toMatchObject({
      ok: false,
      messageKey: 'grievanceClosed',
    });
    // resolved → only closed
    const second = (await fileAs(officer, op.id)).id;
    await move(second, 'in_review');
    await move(second, 'resolved', 'Done');
    for (const to of ['in_review', 'resolved', 'rejected'])
      expect(await move(second, to, 'x')).toMatchObject({ ok: false, code: 'INVALID' });
    // Reopening what is still open is refused too.
    const third = await grievanceRow((await fileAs(officer, op.id)).id);
    expect(await reopenGrievanceAction({ grievanceId: third.id, version: third.version, reason: 'x' })).toMatchObject({
      ok: false,
      messageKey: 'reopenOnlySettled',
    });
  });

  it('requires a resolution to resolve or reject', async () => {
    const { id } = await fileAs(officer, op.id);
    await signInAs(officer);
    await move(id, 'in_review');
    for (const to of ['resolved', 'rejected'])
      expect(await move(id, to, '   ')).toMatchObject({
        ok: false,
        fieldErrors: { resolution: ['resolutionRequired'] },
      });
    expect((await grievanceRow(id)).status).toBe('in_review');
  });

  it('refuses a stale version', async () => {
    const { id } = await fileAs(officer, op.id);
    await signInAs(officer);
    expect(await moveGrievanceAction({ grievanceId: id, version: 1, to: 'in_review', resolution: '' })).toMatchObject({
      ok: true,
    });
    expect(await assignGrievanceAction({ grievanceId: id, version: 1, assigneeId: officer })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      messageKey: 'grievanceChanged',
    });
  });

  it('reopens within 30 days of the resolution or closure, and refuses after', async () => {
    const { id } = await fileAs(officer, op.id);
    await signInAs(officer);
    await move(id, 'in_review');
    await move(id, 'resolved', 'Paid');
    await move(id, 'closed');
    const g = await grievanceRow(id);
    expect(
      await reopenGrievanceAction({ grievanceId: id, version: g.version, reason: 'Not paid after all' }),
    ).toMatchObject({
      ok: true,
      data: { status: 'in_review' },
    });
    expect(await grievanceRow(id)).toMatchObject({
      status: 'in_review',
      resolution: null,
      resolvedAt: null,
      closedAt: null,
    });

    // Closed 31 days ago (resolved earlier still): refused.
    await move(id, 'resolved', 'Paid again');
    await move(id, 'closed');
    const longAgo = new Date(Date.now() - 31 * 86400_000);
    await db()
      .update(grievances)
      .set({ resolvedAt: new Date(longAgo.getTime() - 86400_000), closedAt: longAgo })
      .where(eq(grievances.id, id));
    const late = await grievanceRow(id);
    expect(await reopenGrievanceAction({ grievanceId: id, version: late.version, reason: 'Again' })).toMatchObject({
      ok: false,
      messageKey: 'reopenTooLate',
    });
    // Resolved (not closed) 29 days ago: still possible; 31 days: refused.
    const r = await grievanceRow((await fileAs(officer, op.id)).id);
    await db()
      .update(grievances)
      .set({ status: 'resolved', resolution: 'x', resolvedAt: new Date(Date.now() - 29 * 86400_000) })
      .where(eq(grievances.id, r.id));
    expect(await reopenGrievanceAction({ grievanceId: r.id, version: r.version, reason: 'x' })).toMatchObject({
      ok: true,
    });
    const s = await grievanceRow((await fileAs(officer, op.id)).id);
    await db()
      .update(grievances)
      .set({ status: 'rejected', resolution: 'x', resolvedAt: new Date(Date.now() - 31 * 86400_000) })
      .where(eq(grievances.id, s.id));
    expect(await reopenGrievanceAction({ grievanceId: s.id, version: s.version, reason: 'x' })).toMatchObject({
      ok: false,
      messageKey: 'reopenTooLate',
    });
  });

  it('assigns only to an active grievance officer or administrator of the same operator', async () => {
    const { id } = await fileAs(officer, op.id);
    const other = await makeOperator();
    const foreign = (await makeUser({ operatorId: other.id, roles: ['grievance_officer'] })).id;
    const enrolmentOfficer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
    const inactive = (await makeUser({ operatorId: op.id, roles: ['grievance_officer'], active: false })).id;
    await signInAs(officer);
    for (const assigneeId of [foreign, enrolmentOfficer, inactive]) {
      expect(await assignGrievanceAction({ grievanceId: id, version: 1, assigneeId })).toMatchObject({
        ok: false,
        code: 'INVALID',
        fieldErrors: { assigneeId: ['assigneeNotOfficer'] },
      });
    }
    expect(await assignGrievanceAction({ grievanceId: id, version: 1, assigneeId: admin })).toMatchObject({ ok: true });
  });

  it('keeps comments in the history without changing the grievance', async () => {
    const { id } = await fileAs(officer, op.id);
    await signInAs(officer);
    expect(await commentGrievanceAction({ grievanceId: id, body: 'បានទូរសព្ទទៅមេឃុំ' })).toMatchObject({ ok: true });
    expect((await grievanceRow(id)).version).toBe(1);
    const events = await db().select().from(grievanceEvents).where(eq(grievanceEvents.grievanceId, id));
    expect(events.find((e) => e.kind === 'comment')?.body).toBe('បានទូរសព្ទទៅមេឃុំ');
  });
});
