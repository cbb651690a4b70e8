import { inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { memberRegistry, members, paymentLists, type Role } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { homeDashboard } from '@/lib/dashboard/read';
import { refreshDashboard } from '@/lib/dashboard/refresh';
import { shortcutsFor } from '@/lib/dashboard/shortcuts';
import { cambodiaDay } from '@/lib/grievances/sla';
import { syncDashboard } from '@/lib/registry/queries';
import { makeOperator, makeUser } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievances';
import { ensureUnits, VILLAGE, VILLAGE_ELSEWHERE } from './helpers/households';
import { ownerDb } from './helpers/owner';
import { enrol, makeHousehold, makeProgramme } from './helpers/payment-lists';

// The home dashboard's figures (issue 14): right for a known register, only the operator's own,
// only the blocks (and the grievances) the reader's roles may see, and read from summary counts
// that are recomputed once they are older than five minutes.

const NOW = new Date('2026-12-06T03:00:00Z'); // 10:00 in Phnom Penh
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

async function actor(operatorId: string, roles: Role[]): Promise<OperatorUser> {
  const u = await makeUser({ operatorId, roles });
  return { ...u, operatorId, roles, isPlatformAdmin: false } as unknown as OperatorUser;
}

/** A household in `village` whose members have these sexes, birth dates and statuses. */
async function household(
  operatorId: string,
  village: string,
  people: { sex: 'F' | 'M'; born: string; status?: 'active' | 'deceased' }[],
) {
  const h = await makeHousehold(
    operatorId,
    people.map((p) => ({
      birthDate: p.born,
      status: p.status,
      deathDate: p.status === 'deceased' ? '2026-01-01' : undefined,
    })),
    { village },
  );
  const men = h.members.filter((_, i) => people[i]!.sex === 'M').map((m) => m.id);
  if (men.length) await db().update(members).set({ sex: 'M' }).where(inArray(members.id, men));
  return h;
}

async function paymentList(operatorId: string, programmeId: string, status: string, currency: string, total: number) {
  const period = `${2000 + Math.floor(Math.random() * 1000)}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}`;
  await db()
    .insert(paymentLists)
    .values({
      operatorId,
      programmeId,
      code: `PX-P-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      period,
      paymentDate: '2026-12-01',
      currency,
      status,
      totalAmount: total,
      lineCount: 1,
      followsListId: sql`gen_random_uuid()`, // a follow-up: no (programme, period) uniqueness to meet
    });
}

describe('home dashboard', () => {
  let opA: string;
  let opB: string;
  let admin: OperatorUser;
  let officer: OperatorUser;
  let assignee: OperatorUser;
  let hh1: Awaited<ReturnType<typeof household>>;

  beforeAll(async () => {
    await ensureUnits();
    opA = (await makeOperator()).id;
    opB = (await makeOperator()).id;
    admin = await actor(opA, ['operator_admin']);
    officer = await actor(opA, ['grievance_officer']);
    assignee = await actor(opA, ['grievance_officer']);

    // Operator A: five active members (ages on 6 December 2026) and one deceased.
    hh1 = await household(opA, VILLAGE, [
      { sex: 'F', born: '1980-01-01' }, // 46: 18-59
      { sex: 'M', born: '2024-06-01' }, // 2: 0-4
      { sex: 'F', born: '1950-01-01' }, // 76: 60+
      { sex: 'F', born: '1960-01-01', status: 'deceased' },
    ]);
    const hh2 = await household(opA, VILLAGE_ELSEWHERE, [
      { sex: 'M', born: '2010-03-01' }, // 16: 5-17
      { sex: 'F', born: '2008-12-07' }, // 18 tomorrow, 17 today: 5-17
    ]);
    // Operator B: look-alike records that A must never count.
    const other = await household(opB, VILLAGE, [
      { sex: 'F', born: '1980-01-01' },
      { sex: 'M', born: '1950-01-01' },
      { sex: 'M', born: '2024-01-01' },
    ]);

    const pA = await makeProgramme(opA);
    await makeProgramme(opA, { status: 'draft' }); // no enrolment, not active: not shown
    await enrol(opA, pA.id, hh1.household.id);
    await enrol(opA, pA.id, hh2.household.id, { status: 'suspended' });
    const pB = await makeProgramme(opB);
    await enrol(opB, pB.id, other.household.id);

    await paymentList(opA, pA.id, 'submitted', 'KHR', 300_000);
    await paymentList(opA, pA.id, 'draft', 'KHR', 100_000);
    await paymentList(opA, pA.id, 'draft', 'KHR', 100_000);
    await paymentList(opA, pA.id, 'approved', 'USD', 5_000);
    await paymentList(opB, pB.id, 'submitted', 'KHR', 999);

    // Grievances of A: on track (one of them sensitive, assigned), at risk, breached, closed.
    await insertGrievance(opA, { receivedAt: NOW, dueOn: '2099-12-31' });
    await insertGrievance(opA, {
      receivedAt: NOW,
      dueOn: '2099-12-31',
      category: 'staff_conduct',
      sensitive: true,
      assignedTo: assignee.id,
    });
    await insertGrievance(opA, { receivedAt: minutes(-10 * 24 * 60), dueOn: cambodiaDay(NOW), status: 'in_review' });
    await insertGrievance(opA, { receivedAt: new Date('2020-01-01T00:00:00Z'), dueOn: '2020-01-10' });
    await insertGrievance(opA, { receivedAt: NOW, dueOn: '2099-12-31', status: 'closed' });
    await insertGrievance(opB, { receivedAt: new Date('2020-01-01T00:00:00Z'), dueOn: '2020-01-10' });

    // Registry: one member of A has a SPID, one was rejected; the others were never sent.
    await db()
      .insert(memberRegistry)
      .values([
        { memberId: hh1.members[0]!.id, operatorId: opA, state: 'has_spid', spid: `SP${Date.now()}` },
        { memberId: hh2.members[0]!.id, operatorId: opA, state: 'rejected' },
        { memberId: other.members[0]!.id, operatorId: opB, state: 'queued' },
      ]);
  });

  it('counts the register right, from the summary computed on the first visit', async () => {
    const d = await homeDashboard(admin, { now: NOW });
    expect(d.asOf).toEqual(NOW);
    expect(d.stale).toBe(false);
    expect(d.members!.total).toBe(5);
    expect(d.members!.provinces.map((p) => [p.code, p.nameLatin, p.F, p.M])).toEqual([
      ['01', 'Banteay Meanchey', 2, 1],
      ['12', 'Phnom Penh', 1, 1],
    ]);
    expect(d.members!.ageBands).toEqual([
      { band: '0-4', F: 0, M: 1 },
      { band: '5-17', F: 1, M: 1 },
      { band: '18-59', F: 1, M: 0 },
      { band: '60+', F: 1, M: 0 },
    ]);
    expect(d.enrolments).toHaveLength(1);
    expect(d.enrolments![0]!.counts).toEqual({ active: 1, suspended: 1, exited: 0, graduated: 0 });
    const khr = d.payments!.currencies.find((c) => c.currency === 'KHR')!;
    expect(d.payments!.currencies.map((c) => c.currency)).toEqual(['KHR', 'USD']);
    expect(khr.statuses.filter((s) => s.lists > 0)).toEqual([
      { status: 'draft', lists: 2, amount: 200_000 },
      { status: 'submitted', lists: 1, amount: 300_000 },
    ]);
    expect(d.payments!.currencies[1]!.statuses.find((s) => s.status === 'approved')).toEqual({
      status: 'approved',
      lists: 1,
      amount: 5_000,
    });
    expect(d.payments!.awaitingApproval).toBe(1);
    expect(d.grievances).toEqual({ onTrack: 2, atRisk: 1, breached: 1 });
    expect(d.registry).toMatchObject({ has_spid: 1, rejected: 1, not_sent: 4, queued: 0 });
  });

  it('counts registry states as the registry sync page does', async () => {
    const d = await homeDashboard(admin, { now: NOW });
    expect(d.registry).toEqual((await syncDashboard(admin)).counts);
  });

  it("never counts another operator's records", async () => {
    const adminB = await actor(opB, ['operator_admin']);
    const d = await homeDashboard(adminB, { now: NOW });
    expect(d.members!.total).toBe(3);
    expect(d.members!.provinces.map((p) => p.code)).toEqual(['01']);
    expect(d.enrolments!.map((e) => e.counts.active)).toEqual([1]);
    expect(d.payments!.currencies).toEqual([
      expect.objectContaining({
        currency: 'KHR',
        statuses: expect.arrayContaining([{ status: 'submitted', lists: 1, amount: 999 }]),
      }),
    ]);
    expect(d.grievances).toEqual({ onTrack: 0, atRisk: 0, breached: 1 });
    expect(d.registry).toMatchObject({ queued: 1, not_sent: 2, has_spid: 0 });
  });

  it('shows each block only to the roles whose areas may read it', async () => {
    const blocks = async (roles: Role[]) => {
      const d = await homeDashboard(await actor(opA, roles), { now: NOW });
      return Object.fromEntries(
        (['members', 'enrolments', 'payments', 'grievances', 'registry'] as const).map((k) => [k, d[k] !== null]),
      );
    };
    expect(await blocks(['grievance_officer'])).toEqual({
      members: true,
      enrolments: false,
      payments: false,
      grievances: true,
      registry: false,
    });
    expect(await blocks(['enrolment_officer'])).toEqual({
      members: true,
      enrolments: true,
      payments: false,
      grievances: false,
      registry: true,
    });
    expect(await blocks(['payment_approver'])).toEqual({
      members: true,
      enrolments: true,
      payments: true,
      grievances: false,
      registry: false,
    });
    expect(await blocks(['viewer'])).toEqual({
      members: true,
      enrolments: true,
      payments: true,
      grievances: true,
      registry: true,
    });
  });

  it('counts a sensitive grievance only for its assignee and the administrators; breaches only for administrators', async () => {
    expect((await homeDashboard(officer, { now: NOW })).grievances).toEqual({ onTrack: 1, atRisk: 1, breached: null });
    expect((await homeDashboard(assignee, { now: NOW })).grievances).toEqual({ onTrack: 2, atRisk: 1, breached: null });
    const viewer = await actor(opA, ['viewer']);
    expect((await homeDashboard(viewer, { now: NOW })).grievances).toEqual({ onTrack: 1, atRisk: 1, breached: null });
    expect((await homeDashboard(admin, { now: NOW })).grievances).toEqual({ onTrack: 2, atRisk: 1, breached: 1 });
  });

  it('serves the summary until it is five minutes old, then recomputes it once', async () => {
    // As for an operator whose counts take a while to compute (a million members).
    const slow = (now: Date) => homeDashboard(admin, { now, inlineMaxMembers: 0 });
    await household(opA, VILLAGE, [{ sex: 'M', born: '1990-05-05' }]);
    // Within five minutes: the summary as it was, not stale.
    const soon = await slow(minutes(4));
    expect(soon.members!.total).toBe(5);
    expect(soon.stale).toBe(false);
    // Older: still served at once (with its time), marked stale for the page to recompute after answering.
    const later = await slow(minutes(6));
    expect(later.members!.total).toBe(5);
    expect(later.stale).toBe(true);
    expect(later.asOf).toEqual(NOW);
    expect(await refreshDashboard(admin, { now: minutes(6) })).toBe('refreshed');
    // A second instance finding it stale at the same moment does not recompute it again.
    expect(await refreshDashboard(admin, { now: minutes(6) })).toBe('fresh');
    const after = await slow(minutes(7));
    expect(after.members!.total).toBe(6);
    expect(after.members!.ageBands.find((b) => b.band === '18-59')).toEqual({ band: '18-59', F: 1, M: 1 });
    expect(after.stale).toBe(false);
    expect(after.asOf).toEqual(minutes(6));
  });

  it("recomputes a small operator's counts on every visit, since that is cheap", async () => {
    // (The last refresh, a visit ago, counted 8 members: well under INLINE_MAX_MEMBERS.)
    await household(opA, VILLAGE_ELSEWHERE, [{ sex: 'F', born: '2023-05-05' }]);
    const d = await homeDashboard(admin, { now: minutes(8) });
    expect(d.asOf).toEqual(minutes(8));
    expect(d.members!.total).toBe(7);
    expect(d.members!.ageBands[0]).toEqual({ band: '0-4', F: 1, M: 1 });
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'does not recompute while another instance holds the lock',
    async () => {
      const holder = ownerDb();
      await holder.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('dashboard'), hashtext(${opA}::text))`);
        expect(await refreshDashboard(admin, { now: minutes(20), force: true })).toBe('busy');
      });
      expect(await refreshDashboard(admin, { now: minutes(20) })).toBe('refreshed');
    },
  );
});

describe('shortcuts', () => {
  const user = (roles: string[]) => ({ isPlatformAdmin: false, roles });
  const hrefs = (roles: string[]) => shortcutsFor(user(roles), '2026-12-06').map((s) => s.href);

  it("lead each role to its daily tasks, with the pages' real filters", () => {
    expect(hrefs(['enrolment_officer'])).toEqual(
      expect.arrayContaining(['/households/new', '/households', '/grievances/new', '/registry-sync']),
    );
    expect(hrefs(['payment_approver'])).toEqual(['/households', '/payments?status=submitted']);
    expect(hrefs(['grievance_officer'])).toEqual([
      '/households',
      '/grievances?from=2026-12-06&to=2026-12-06',
      '/grievances?assignee=me',
      '/grievances?sla=at_risk',
      '/grievances/new',
    ]);
    expect(hrefs(['viewer'])).toEqual(['/households']);
    expect(hrefs(['operator_admin'])).toContain('/grievances?sla=breached');
    expect(hrefs(['payment_officer'])).not.toContain('/payments?status=submitted');
    expect(shortcutsFor({ isPlatformAdmin: true, roles: [] }, '2026-12-06')).toEqual([]);
  });
});
