import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { commentGrievanceAction, moveGrievanceAction } from '@/app/(app)/grievances/[id]/actions';
import { GET as getGrievanceRoute } from '@/app/api/v1/grievances/[id]/route';
import { GET as listGrievancesRoute } from '@/app/api/v1/grievances/route';
import type { Role } from '@/db/schema';
import { grievanceDetailSchema, grievanceListSchema } from '@/lib/grievances/api-schema';
import { escalatedGrievances } from '@/lib/grievances/escalation';
import { countByStatus, listGrievances, memberGrievances, readGrievance } from '@/lib/grievances/queries';
import type { GrievanceReader } from '@/lib/grievances/scope';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievances';
import { ensureUnits } from './helpers/households';
import { insertHousehold } from './helpers/records';

// A sensitive grievance (staff conduct, fraud or abuse) is seen only by its assigned officer and the
// operator's administrators: in lists, search, counts, the page's read, the member's list, the
// administrator's card, the API, and the handling actions (not found for anyone else).

const routeParams = (id: string) => ({ params: Promise.resolve({ id }) });

describe('sensitive grievances', () => {
  let operatorId: string;
  const users: Record<'assignee' | 'officer' | 'viewer' | 'admin', { id: string; roles: Role[] }> = {} as never;
  let sensitive: { id: string; code: string };
  let ordinary: { id: string; code: string };
  let memberId: string;

  const reader = (who: keyof typeof users): GrievanceReader => ({ ...users[who], operatorId });

  beforeAll(async () => {
    await ensureUnits();
    operatorId = (await makeOperator()).id;
    for (const [who, roles] of [
      ['assignee', ['grievance_officer']],
      ['officer', ['grievance_officer']],
      ['viewer', ['viewer']],
      ['admin', ['operator_admin']],
    ] as const) {
      const u = await makeUser({ operatorId, roles: [...roles] });
      users[who] = { id: u.id, roles: [...roles] };
    }
    memberId = (await insertHousehold(operatorId)).head.id;
    const long = { receivedAt: new Date('2020-01-01T00:00:00Z'), dueOn: '2020-01-10' };
    sensitive = await insertGrievance(operatorId, {
      category: 'staff_conduct',
      sensitive: true,
      assignedTo: users.assignee.id,
      complainantKind: 'member',
      memberId,
      ...long,
    });
    ordinary = await insertGrievance(operatorId, { complainantKind: 'member', memberId, ...long });
  });

  const sees = async (who: keyof typeof users) => {
    const r = reader(who);
    const all = await listGrievances(r, { limit: 200 });
    const byCode = await listGrievances(r, { q: sensitive.code });
    const counts = await countByStatus(r, {});
    const read = await readGrievance(r, sensitive.id).then(
      () => true,
      () => false,
    );
    const member = await memberGrievances(r, memberId);
    await signInAs(users[who].id);
    const apiList = await listGrievancesRoute(new NextRequest('http://localhost/api/v1/grievances?limit=200'));
    const apiOne = await getGrievanceRoute(
      new NextRequest(`http://localhost/api/v1/grievances/${sensitive.id}`),
      routeParams(sensitive.id),
    );
    // The answers are what the API documents (lib/grievances/api-schema.ts).
    grievanceListSchema.parse(await apiList.clone().json());
    if (apiOne.status === 200) grievanceDetailSchema.parse(await apiOne.clone().json());
    const listed = all.items.map((g) => g.id);
    expect(listed).toContain(ordinary.id);
    return {
      list: listed.includes(sensitive.id),
      search: byCode.items.some((g) => g.id === sensitive.id),
      count: counts.received,
      read,
      member: member.some((g) => g.id === sensitive.id),
      apiList: (await apiList.text()).includes(sensitive.id),
      apiOne: apiOne.status,
    };
  };

  it('is visible to its assignee and the administrators', async () => {
    for (const who of ['assignee', 'admin'] as const) {
      expect(await sees(who), who).toEqual({
        list: true,
        search: true,
        count: 2,
        read: true,
        member: true,
        apiList: true,
        apiOne: 200,
      });
    }
    expect((await escalatedGrievances(reader('admin'), new Date(), 100)).items.map((g) => g.id)).toContain(
      sensitive.id,
    );
  });

  it('is invisible to another grievance officer and a viewer: list, search, counts, page, member list, API', async () => {
    for (const who of ['officer', 'viewer'] as const) {
      expect(await sees(who), who).toEqual({
        list: false,
        search: false,
        count: 1,
        read: false,
        member: false,
        apiList: false,
        apiOne: 404,
      });
    }
  });

  it('cannot be handled by another officer (not found, nothing learnt)', async () => {
    await signInAs(users.officer.id);
    expect(
      await moveGrievanceAction({ grievanceId: sensitive.id, version: 1, to: 'in_review', resolution: '' }),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await commentGrievanceAction({ grievanceId: sensitive.id, body: 'x' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    await signInAs(users.assignee.id);
    expect(
      await moveGrievanceAction({ grievanceId: sensitive.id, version: 1, to: 'in_review', resolution: '' }),
    ).toMatchObject({ ok: true });
  });
});

describe('a category made sensitive', () => {
  it('marks the grievances already filed under it, in the same change', async () => {
    const operatorId = (await makeOperator()).id;
    const admin = await makeUser({ operatorId, roles: ['operator_admin'] });
    const officer = await makeUser({ operatorId, roles: ['grievance_officer'] });
    const g = await insertGrievance(operatorId, { category: 'information' });
    const { categoryId } = g;
    await signInAs(admin.id);
    const { saveCategoryAction } = await import('@/app/(app)/grievances/settings/actions');
    const res = await saveCategoryAction({
      categoryId,
      parentId: '',
      code: 'information',
      nameKm: 'សំណើសុំព័ត៌មាន',
      nameEn: 'Information request',
      slaDays: '5',
      sensitive: true,
      active: true,
    });
    expect(res).toMatchObject({ ok: true });
    const seen = await listGrievances({ id: officer.id, roles: ['grievance_officer'], operatorId }, {});
    expect(seen.items.map((i) => i.id)).not.toContain(g.id);
  });
});
