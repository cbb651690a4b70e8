import { randomInt, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { operatorHolidays } from '@/db/schema';
import { ensureCategories } from '@/lib/grievances/categories';
import { emptyGrievance } from '@/lib/grievances/schemas';
import { makeUser } from '../helpers/fixtures';
import { categoryId, insertGrievance } from '../helpers/grievances';
import { insertHousehold } from '../helpers/records';
import { householdWithKhmerId } from './seed';
import type { Ctx, Rules } from './types';

// Grievances (issue 11). Intake names the operator's category (and member); every other entry point
// names one grievance (or category, holiday) of ctx's operator, made fresh per call so that no
// caller's change decides the next caller's outcome.

async function category(ctx: Ctx, code = 'other') {
  await ensureCategories(db(), ctx);
  return categoryId(ctx.operatorId, code);
}

const intake = (categoryId: string, extra: Record<string, unknown> = {}) => ({
  ...emptyGrievance,
  complainantKind: 'anonymous',
  description: 'ខ្ញុំមិនបានទទួលប្រាក់',
  categoryId,
  ...extra,
});

/** A day far ahead that no other call picks (holidays are keyed by operator and day). */
const someDay = () =>
  `${2040 + randomInt(60)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;

async function holidayOf(ctx: Ctx) {
  const day = someDay();
  await db()
    .insert(operatorHolidays)
    .values({ operatorId: ctx.operatorId, day, nameEn: 'Water festival', nameKm: 'បុណ្យអុំទូក' })
    .onConflictDoNothing();
  return day;
}

const page = 'app/(app)/grievances';

export const rules: Rules = {
  [`${page}/new/actions.ts#createGrievanceAction`]: {
    access: 'grievanceIntake',
    input: async (ctx) => intake(await category(ctx)),
    // B's administrator naming A's category, or A's member, is answered as for an id nobody has.
    crossOperator: [
      { sameAsUnknown: async (a) => ({ theirs: intake(await category(a)), unknown: intake(randomUUID()) }) },
      {
        sameAsUnknown: async (a, b) => {
          const { head } = await insertHousehold(a.operatorId);
          const c = await category(b);
          const asMember = (memberId: string) => intake(c, { complainantKind: 'member', memberId });
          return { theirs: asMember(head.id), unknown: asMember(randomUUID()) };
        },
      },
    ],
  },
  // The member picker: B's administrator looking for A's member by Khmer ID finds nobody.
  [`${page}/new/actions.ts#findComplainantsAction`]: {
    access: 'grievanceIntake',
    input: () => ({ q: 'sok' }),
    crossOperator: {
      lists: async (a) => {
        const { head, khmerId } = await householdWithKhmerId(a);
        return { markers: [head.id], input: { q: khmerId } };
      },
    },
  },
  [`${page}/new/actions.ts#memberPaymentLinesAction`]: {
    access: 'grievanceIntake',
    input: async (ctx) => ({ memberId: (await insertHousehold(ctx.operatorId)).head.id }),
  },
  [`${page}/[id]/actions.ts#assignGrievanceAction`]: {
    access: 'grievanceHandling',
    input: async (ctx) => {
      const g = await insertGrievance(ctx.operatorId);
      const officer = await makeUser({ operatorId: ctx.operatorId, roles: ['grievance_officer'] });
      return { grievanceId: g.id, version: g.version, assigneeId: officer.id };
    },
    // A's grievance: not found. B's grievance given to A's officer: answered as for a user nobody is.
    crossOperator: [
      'notFound',
      {
        sameAsUnknown: async (a, b) => {
          const g = await insertGrievance(b.operatorId);
          const officer = await makeUser({ operatorId: a.operatorId, roles: ['grievance_officer'] });
          const to = (assigneeId: string) => ({ grievanceId: g.id, version: g.version, assigneeId });
          return { theirs: to(officer.id), unknown: to(randomUUID()) };
        },
      },
    ],
  },
  [`${page}/[id]/actions.ts#moveGrievanceAction`]: {
    access: 'grievanceHandling',
    input: async (ctx) => {
      const g = await insertGrievance(ctx.operatorId);
      return { grievanceId: g.id, version: g.version, to: 'in_review', resolution: '' };
    },
  },
  [`${page}/[id]/actions.ts#reopenGrievanceAction`]: {
    access: 'grievanceHandling',
    input: async (ctx) => {
      const g = await insertGrievance(ctx.operatorId, {
        status: 'resolved',
        resolution: 'Paid at the commune office',
        resolvedAt: new Date(),
      });
      return { grievanceId: g.id, version: g.version, reason: 'The complainant says it was not paid' };
    },
  },
  [`${page}/[id]/actions.ts#commentGrievanceAction`]: {
    access: 'grievanceHandling',
    input: async (ctx) => ({ grievanceId: (await insertGrievance(ctx.operatorId)).id, body: 'Called the commune' }),
  },
  [`${page}/settings/actions.ts#saveCategoryAction`]: {
    access: 'grievanceSettings',
    input: async (ctx) => ({
      categoryId: await category(ctx, 'information'),
      parentId: '',
      code: 'information',
      nameKm: 'សំណើសុំព័ត៌មាន',
      nameEn: `Information request ${randomInt(1000)}`,
      slaDays: 5,
      sensitive: false,
      active: true,
    }),
  },
  [`${page}/settings/actions.ts#addHolidayAction`]: {
    access: 'grievanceSettings',
    input: () => ({ day: someDay(), nameKm: 'បុណ្យភ្ជុំបិណ្ឌ', nameEn: 'Pchum Ben' }),
    // B's administrator adding the very day A has as a holiday adds B's own: A's row reads the same.
    crossOperator: {
      leavesAlone: async (a) => {
        const day = await holidayOf(a);
        leaveDay = day;
        return async () =>
          db()
            .select()
            .from(operatorHolidays)
            .where(and(eq(operatorHolidays.operatorId, a.operatorId), eq(operatorHolidays.day, day)));
      },
      input: () => ({ day: leaveDay, nameKm: 'ថ្ងៃផ្សេង', nameEn: 'Another name' }),
    },
  },
  [`${page}/settings/actions.ts#removeHolidayAction`]: {
    access: 'grievanceSettings',
    input: async (ctx) => ({ day: await holidayOf(ctx) }),
  },
  'app/api/v1/grievances/route.ts#GET': {
    access: 'grievances',
    request: () => ({ url: 'http://localhost/api/v1/grievances?status=received&limit=5' }),
    crossOperator: {
      lists: async (a) => {
        const g = await insertGrievance(a.operatorId);
        return { markers: [g.id, g.code], request: { url: `http://localhost/api/v1/grievances?q=${g.code}` } };
      },
    },
  },
  'app/api/v1/grievances/[id]/route.ts#GET': {
    access: 'grievances',
    request: async (ctx) => {
      const id = (await insertGrievance(ctx.operatorId)).id;
      return { url: `http://localhost/api/v1/grievances/${id}`, params: { id } };
    },
  },
};

// leavesAlone seeds before the input is built; the input names the seeded day.
let leaveDay = '';
