import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { grievanceEvents, grievances, operatorHolidays } from '@/db/schema';
import { escalateBreached, escalatedGrievances } from '@/lib/grievances/escalation';
import { countByStatus, listGrievances } from '@/lib/grievances/queries';
import { cambodiaDay, dueDate, dueEnd, slaState } from '@/lib/grievances/sla';
import { makeOperator, makeUser } from './helpers/fixtures';
import { fileAs, grievanceRow, insertGrievance } from './helpers/grievances';

// Instants in Phnom Penh time (UTC+7).
const pp = (local: string) => new Date(`${local}+07:00`);

describe('due dates in working days', () => {
  it('skips weekends and crosses month ends', () => {
    // Thursday 27 Nov 2025 + 5 working days: Fri 28, Mon 1 Dec, Tue 2, Wed 3, Thu 4.
    expect(dueDate(pp('2025-11-27T10:00:00'), 5, [])).toBe('2025-12-04');
    // Friday 31 Jan 2025 + 1: Monday 3 February.
    expect(dueDate(pp('2025-01-31T16:00:00'), 1, [])).toBe('2025-02-03');
    // Across a year end and February of a leap year.
    expect(dueDate(pp('2027-12-30T09:00:00'), 3, [])).toBe('2028-01-04');
    expect(dueDate(pp('2028-02-28T09:00:00'), 2, [])).toBe('2028-03-01');
    // Received on a Saturday: the count starts on Monday.
    expect(dueDate(pp('2025-11-29T09:00:00'), 1, [])).toBe('2025-12-01');
  });

  it("uses Cambodia's calendar day, not UTC's", () => {
    // 23:30 UTC on Sunday 30 Nov is Monday 1 Dec 06:30 in Phnom Penh: +1 working day is Tuesday.
    const at = new Date('2025-11-30T23:30:00Z');
    expect(cambodiaDay(at)).toBe('2025-12-01');
    expect(dueDate(at, 1, [])).toBe('2025-12-02');
  });

  it("skips the operator's holidays, including a run of them over a month end", () => {
    // Khmer New Year 14–16 April 2025 (Mon–Wed): Friday 11 April + 3 → Thu 17, Fri 18, Mon 21.
    expect(dueDate(pp('2025-04-11T10:00:00'), 3, ['2025-04-14', '2025-04-15', '2025-04-16'])).toBe('2025-04-21');
    // A holiday on a weekend changes nothing; one on the last working day pushes the due day on.
    expect(dueDate(pp('2025-10-30T10:00:00'), 2, ['2025-11-01'])).toBe('2025-11-03');
    expect(dueDate(pp('2025-10-30T10:00:00'), 2, ['2025-10-31'])).toBe('2025-11-04');
  });
});

describe('service-level state', () => {
  // Received Monday 1 Dec 2025 at 00:00; due Friday 5 Dec (4 working days): 5 days until the end of the 5th.
  const g = { status: 'received', receivedAt: pp('2025-12-01T00:00:00'), dueOn: '2025-12-05' };

  it('is on track before 80 % of the time, at risk from 80 %, breached after the due day', () => {
    expect(dueEnd('2025-12-05').toISOString()).toBe('2025-12-05T17:00:00.000Z');
    expect(slaState(g, pp('2025-12-04T23:59:00'))).toBe('on_track'); // 3.99 of 5 days
    expect(slaState(g, pp('2025-12-05T00:00:00'))).toBe('at_risk'); // exactly 80 %
    expect(slaState(g, pp('2025-12-05T23:59:59'))).toBe('at_risk');
    expect(slaState(g, pp('2025-12-06T00:00:00'))).toBe('breached');
  });

  it('has no state once resolved, rejected or closed', () => {
    for (const status of ['resolved', 'rejected', 'closed'])
      expect(slaState({ ...g, status }, pp('2026-01-01T00:00:00'))).toBeNull();
    expect(slaState({ ...g, status: 'in_review' }, pp('2026-01-01T00:00:00'))).toBe('breached');
  });
});

describe('service levels in the database', () => {
  let op: { id: string };
  let admin: Awaited<ReturnType<typeof makeUser>>;
  const reader = () => ({ id: admin.id, operatorId: op.id, roles: admin.roles as ['operator_admin'] });

  beforeAll(async () => {
    op = await makeOperator();
    admin = await makeUser({ operatorId: op.id, roles: ['operator_admin'] });
  });

  it("gives intake a due date that skips the operator's holidays", async () => {
    // Every day of the next three weeks a holiday but one working day.
    const today = cambodiaDay(new Date());
    const days = Array.from({ length: 21 }, (_, k) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + (k + 1) * 86400_000).toISOString().slice(0, 10),
    );
    const workingDays = days.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    const open = workingDays[7]!;
    await db()
      .insert(operatorHolidays)
      .values(days.filter((d) => d !== open).map((day) => ({ operatorId: op.id, day, nameEn: 'Test' })));
    const { id, dueOn } = await fileAs(admin.id, op.id, 'information', {});
    // 'information' has a 5-day level: the one open day is the first counted, the rest come after the run.
    expect((await grievanceRow(id)).dueOn).toBe(dueOn);
    expect(dueOn > open).toBe(true);
    expect(dueOn).not.toBe(dueDate(new Date(), 5, []));
    expect(dueOn).toBe(
      dueDate(
        new Date(),
        5,
        days.filter((d) => d !== open),
      ),
    );
    await db().delete(operatorHolidays).where(eq(operatorHolidays.operatorId, op.id));
  });

  it('filters and counts by state in SQL as the pure function says', async () => {
    const now = new Date();
    const day = (offset: number) => cambodiaDay(new Date(now.getTime() + offset * 86400_000));
    const breached = await insertGrievance(op.id, {
      receivedAt: new Date(now.getTime() - 10 * 86400_000),
      dueOn: day(-2),
    });
    const atRisk = await insertGrievance(op.id, { receivedAt: new Date(now.getTime() - 9 * 86400_000), dueOn: day(0) });
    const onTrack = await insertGrievance(op.id, { receivedAt: now, dueOn: day(20) });
    const resolvedLate = await insertGrievance(op.id, {
      status: 'resolved',
      resolution: 'Paid',
      resolvedAt: now,
      receivedAt: new Date(now.getTime() - 10 * 86400_000),
      dueOn: day(-2),
    });
    const ids = async (sla: 'on_track' | 'at_risk' | 'breached') =>
      (await listGrievances(reader(), { sla, limit: 200 }, now)).items.map((g) => g.id);
    expect(await ids('breached')).toContain(breached.id);
    expect(await ids('breached')).not.toContain(resolvedLate.id);
    expect(await ids('at_risk')).toEqual(expect.arrayContaining([atRisk.id]));
    expect(await ids('at_risk')).not.toContain(onTrack.id);
    expect(await ids('on_track')).toContain(onTrack.id);
    for (const g of [breached, atRisk, onTrack]) {
      const item = (await listGrievances(reader(), { q: g.code }, now)).items[0]!;
      expect(item.sla).toBe(slaState(g, now));
    }
    expect((await countByStatus(reader(), { sla: 'breached' }, now)).resolved).toBe(0);
  });

  it('escalates a breached grievance once, with an event, and shows it on the administrator card', async () => {
    const now = new Date();
    const g = await insertGrievance(op.id, {
      receivedAt: new Date(now.getTime() - 20 * 86400_000),
      dueOn: cambodiaDay(new Date(now.getTime() - 3 * 86400_000)),
    });
    await escalateBreached({ operatorId: op.id }, now);
    await escalateBreached({ operatorId: op.id }, now);
    const row = await grievanceRow(g.id);
    expect(row.escalatedAt).not.toBeNull();
    const events = await db().select().from(grievanceEvents).where(eq(grievanceEvents.grievanceId, g.id));
    expect(events.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    const card = await escalatedGrievances(reader(), now, 100);
    expect(card.items.map((i) => i.id)).toContain(g.id);
    // Resolved: it leaves the card.
    await db()
      .update(grievances)
      .set({ status: 'resolved', resolution: 'Done', resolvedAt: now })
      .where(eq(grievances.id, g.id));
    expect((await escalatedGrievances(reader(), now, 100)).items.map((i) => i.id)).not.toContain(g.id);
  });
});
