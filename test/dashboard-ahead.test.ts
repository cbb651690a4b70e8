import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, memberRegistry } from '@/db/schema';
import { query } from '@/db/rows';
import { aheadAgeMs, refreshDashboardsAhead } from '@/lib/dashboard/ahead';
import { lastRefresh } from '@/lib/dashboard/refresh';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { makeHousehold } from './helpers/payment-lists';

// The server keeps the home dashboards' counts warm (issue 14: the first visit at a million members
// waited ~4 s for them): recomputed where something may have changed, only re-dated where nothing did.

const T = new Date('2026-12-06T03:00:00Z'); // 10:00 in Phnom Penh
const at = (m: number) => new Date(T.getTime() + m * 60_000);
const AHEAD = aheadAgeMs(60_000);

describe('dashboard counts refreshed ahead of visits', () => {
  let op: string;
  let firstMember: string;
  const round = (m: number, registryActive = false) =>
    refreshDashboardsAhead({ now: at(m), aheadAgeMs: AHEAD, registryActive });
  const refreshedAt = async () => (await lastRefresh({ operatorId: op }))?.at;
  const counted = async () => {
    const [r] = await query<{ n: number | string | null }>(
      db(),
      sql`SELECT sum(members) AS n FROM dashboard_member_counts WHERE operator_id = ${op}::uuid`,
    );
    return Number(r?.n ?? 0);
  };
  const syncCounted = async (state: string) => {
    const [r] = await query<{ n: number | string }>(
      db(),
      sql`SELECT members AS n FROM dashboard_sync_counts WHERE operator_id = ${op}::uuid AND state = ${state}`,
    );
    return Number(r?.n ?? 0);
  };
  /** A change as staff make them: with its audit row (its time is its transaction's start). */
  const audited = (m: number) =>
    db()
      .insert(auditLog)
      .values({ operatorId: op, action: 'household.enrol', entityType: 'household', entityId: 'x', at: at(m) });

  beforeAll(async () => {
    await ensureUnits();
    op = (await makeOperator()).id;
    const h = await makeHousehold(op, [{ birthDate: '1980-01-01' }, { birthDate: '2010-01-01' }]);
    firstMember = h.members[0]!.id;
  });

  it('computes the counts of an operator that has none, before anyone visits', async () => {
    expect(AHEAD).toBe(3 * 60_000);
    const out = await round(0);
    expect(out.computed).toBeGreaterThanOrEqual(1);
    expect(await refreshedAt()).toEqual(at(0));
    expect(await counted()).toBe(2);
  });

  it('leaves counts younger than the look-ahead age alone', async () => {
    await round(1);
    expect(await refreshedAt()).toEqual(at(0));
  });

  it('only re-dates the counts when nothing was changed (three index lookups, no recount)', async () => {
    // A member written behind the platform's back (no audit row): the round cannot know, and does not recount.
    await makeHousehold(op, [{ birthDate: '1990-01-01' }]);
    const out = await round(4);
    expect(out.confirmed).toBeGreaterThanOrEqual(1);
    expect(await refreshedAt()).toEqual(at(4));
    expect(await counted()).toBe(2);
  });

  it('recounts after an audited change', async () => {
    await audited(5);
    const out = await round(8);
    expect(out.computed).toBeGreaterThanOrEqual(1);
    expect(await refreshedAt()).toEqual(at(8));
    expect(await counted()).toBe(3);
  });

  it('recounts a change whose transaction began shortly before the last count (committed after it)', async () => {
    await audited(7.5);
    await round(12);
    expect(await refreshedAt()).toEqual(at(12));
  });

  it('recounts while the registry worker may be moving sync states, and only then', async () => {
    await db().insert(memberRegistry).values({ memberId: firstMember, operatorId: op, state: 'queued' });
    await audited(13);
    await round(16);
    expect(await syncCounted('queued')).toBe(1);
    // The registry answers (the worker writes no audit row).
    await db()
      .update(memberRegistry)
      .set({ state: 'has_spid', spid: `SP-AHEAD-${Date.now()}` })
      .where(eq(memberRegistry.memberId, firstMember));
    // Without CamDX nothing moves those states: only re-dated.
    await round(20, false);
    expect(await refreshedAt()).toEqual(at(20));
    expect(await syncCounted('queued')).toBe(1);
    // With it, members counted in transit mean the counts may be out of date.
    await round(24, true);
    expect(await refreshedAt()).toEqual(at(24));
    expect(await syncCounted('queued')).toBe(0);
    expect(await syncCounted('has_spid')).toBe(1);
  });

  it('recounts on a new day in Phnom Penh (ages move)', async () => {
    // 17:00 UTC is midnight in Phnom Penh.
    const midnight = (17 - 3) * 60;
    await round(midnight - 2); // 23:58 the same day: re-dated only
    expect(await counted()).toBe(3);
    await makeHousehold(op, [{ birthDate: '2000-01-01' }]);
    await round(midnight + 2);
    expect(await refreshedAt()).toEqual(at(midnight + 2));
    expect(await counted()).toBe(4);
  });
});
