import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { findComplainantsAction, memberPaymentLinesAction } from '@/app/(app)/grievances/new/actions';
import { GET as getGrievanceRoute } from '@/app/api/v1/grievances/[id]/route';
import { GET as listGrievancesRoute } from '@/app/api/v1/grievances/route';
import { db } from '@/db/client';
import { operatorHolidays } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { listCategories } from '@/lib/grievances/categories';
import { escalatedGrievances } from '@/lib/grievances/escalation';
import {
  assignableOfficers,
  countByStatus,
  listGrievances,
  memberGrievances,
  readGrievance,
} from '@/lib/grievances/queries';
import { listHolidays } from '@/lib/grievances/settings';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievances';
import { ensureUnits } from './helpers/households';
import { operatorActor } from './helpers/look-alike';
import { insertHousehold } from './helpers/records';

// Two operators with look-alike grievances (the same reference, category codes, dates, statuses, a
// breached one each, a member each) and holidays on the same day. Every grievance list, search,
// count, card, picker and API answer, asked as A's administrator and as B's, holds the caller's rows
// only, each once. A third operator C has an administrator and nothing else.

interface Side {
  actor: OperatorUser;
  adminId: string;
  officerId: string;
  memberId: string;
  grievanceIds: string[];
}
const S = {} as Record<'A' | 'B', Side>;
let C: OperatorUser;
const CODE = 'LOOK-G-000001';
const routeParams = (id: string) => ({ params: Promise.resolve({ id }) });

async function seed(tag: 'A' | 'B', extra: number): Promise<Side> {
  const operatorId = (await makeOperator()).id;
  const admin = await makeUser({ operatorId, roles: ['operator_admin'] });
  const officer = await makeUser({ operatorId, roles: ['grievance_officer'] });
  const memberId = (await insertHousehold(operatorId)).head.id;
  const when = { receivedAt: new Date('2026-01-05T03:00:00Z'), dueOn: '2026-01-12' };
  const ids = [
    (await insertGrievance(operatorId, { code: CODE, complainantKind: 'member', memberId, ...when })).id,
    (await insertGrievance(operatorId, { code: `${tag}-G-000002`, assignedTo: officer.id, ...when })).id,
  ];
  // B has more, so a count that mixed operators would show.
  for (let k = 0; k < extra; k++)
    ids.push((await insertGrievance(operatorId, { category: 'wrong_amount', ...when })).id);
  await db()
    .insert(operatorHolidays)
    .values({ operatorId, day: '2031-04-14', nameEn: `New Year ${tag}` });
  return {
    actor: await operatorActor(admin.id),
    adminId: admin.id,
    officerId: officer.id,
    memberId,
    grievanceIds: ids,
  };
}

beforeAll(async () => {
  await ensureUnits();
  S.A = await seed('A', 1);
  S.B = await seed('B', 3);
  C = await operatorActor((await makeUser({ operatorId: (await makeOperator()).id, roles: ['operator_admin'] })).id);
}, 120_000);

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe.each(['A', 'B'] as const)("operator %s's grievances", (tag) => {
  const me = () => S[tag];
  const other = () => S[tag === 'A' ? 'B' : 'A'];

  it('list, search by reference, and counts', async () => {
    const page = await listGrievances(me().actor, { limit: 200 });
    expect(sorted(page.items.map((g) => g.id))).toEqual(sorted(me().grievanceIds));
    const found = await listGrievances(me().actor, { q: CODE });
    expect(found.items.map((g) => g.id)).toEqual([me().grievanceIds[0]]);
    const counts = await countByStatus(me().actor, {});
    expect(counts.received).toBe(me().grievanceIds.length);
    const breached = await countByStatus(me().actor, { sla: 'breached' });
    expect(breached.received).toBe(me().grievanceIds.length);
  });

  it("the page's read, the member's list and the administrator's card", async () => {
    await expect(readGrievance(me().actor, other().grievanceIds[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await readGrievance(me().actor, me().grievanceIds[0]!)).code).toBe(CODE);
    expect(await memberGrievances(me().actor, other().memberId)).toEqual([]);
    expect((await memberGrievances(me().actor, me().memberId)).map((g) => g.id)).toEqual([me().grievanceIds[0]]);
    const card = await escalatedGrievances(me().actor, new Date(), 100);
    expect(card.total).toBe(me().grievanceIds.length);
    expect(sorted(card.items.map((g) => g.id))).toEqual(sorted(me().grievanceIds));
  });

  it('categories, officers and holidays', async () => {
    const categories = await listCategories(me().actor);
    const otherCategories = new Set((await listCategories(other().actor)).map((c) => c.id));
    expect(categories.some((c) => otherCategories.has(c.id))).toBe(false);
    expect(categories.map((c) => c.code)).toContain('staff_conduct');
    const officers = (await assignableOfficers(me().actor)).map((o) => o.id);
    expect(sorted(officers)).toEqual(sorted([me().adminId, me().officerId]));
    const holidays = await listHolidays(me().actor, '2031-01-01');
    expect(holidays.map((h) => h.nameEn)).toEqual([`New Year ${tag}`]);
  });

  it('the API list and one grievance', async () => {
    await signInAs(me().adminId);
    const res = await listGrievancesRoute(new NextRequest(`http://localhost/api/v1/grievances?limit=200`));
    const body = (await res.json()) as { items: { id: string }[]; counts: { received: number } };
    expect(sorted(body.items.map((g) => g.id))).toEqual(sorted(me().grievanceIds));
    expect(body.counts.received).toBe(me().grievanceIds.length);
    const theirs = other().grievanceIds[0]!;
    const one = await getGrievanceRoute(
      new NextRequest(`http://localhost/api/v1/grievances/${theirs}`),
      routeParams(theirs),
    );
    expect(one.status).toBe(404);
  });

  it("the intake pickers: the other operator's member is neither found nor has payment lines", async () => {
    await signInAs(me().adminId);
    expect(await memberPaymentLinesAction({ memberId: other().memberId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    const found = await findComplainantsAction({ q: 'សុខ' });
    if (!found.ok) throw new Error(JSON.stringify(found));
    expect(found.data.map((m) => m.memberId)).not.toContain(other().memberId);
  });
});

it('an operator with no grievances sees none of theirs', async () => {
  expect((await listGrievances(C, { limit: 200 })).items).toEqual([]);
  expect(Object.values(await countByStatus(C, {})).every((n) => n === 0)).toBe(true);
  expect((await escalatedGrievances(C, new Date(), 100)).total).toBe(0);
  expect(await listHolidays(C, '2000-01-01')).toEqual([]);
});
