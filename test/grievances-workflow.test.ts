import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGrievanceAction } from '@/app/(app)/grievances/new/actions';
import { db } from '@/db/client';
import { auditLog, grievanceEvents } from '@/db/schema';
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
