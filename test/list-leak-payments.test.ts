import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as linesRoute } from '@/app/api/v1/payment-lists/[id]/lines/route';
import { GET as listRoute } from '@/app/api/v1/payment-lists/[id]/route';
import { GET as listsRoute } from '@/app/api/v1/payment-lists/route';
import { GET as programmeRoute } from '@/app/api/v1/programmes/[id]/route';
import { GET as programmesRoute } from '@/app/api/v1/programmes/route';
import { db } from '@/db/client';
import { households, programmes } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { paymentLinePageSchema, paymentListPageSchema, paymentListSchema } from '@/lib/payments/api-schema';
import { generatePaymentList, type PaymentActor } from '@/lib/payments/generate';
import { carriableCount, followUpsOf, getPaymentList, listLines, listPaymentLists } from '@/lib/payments/lists';
import { linesQuerySchema, listQuerySchema } from '@/lib/payments/schemas';
import { programmeListSchema } from '@/lib/programmes/api-schema';
import { signInAs } from './helpers/fixtures';
import { enrol, makeHousehold, makeProgramme, paymentTeam } from './helpers/payment-lists';

// Two operators with look-alike payments: a programme with the same code, households with the same
// code and head's Khmer ID, the same period generated. Every payment list read — the lists, one list,
// its lines, its follow-ups, the API routes — answers the caller's rows only; the other operator's
// list is "not found". A forged enrolment of B naming A's programme is not paid in A's list.

interface Side {
  team: Awaited<ReturnType<typeof paymentTeam>>;
  programmeId: string;
  listId: string;
  listCode: string;
  householdIds: string[];
}
const S = {} as Record<'A' | 'B', Side>;

async function side(): Promise<Side> {
  const team = await paymentTeam();
  const p = await makeProgramme(team.op.id);
  await db().update(programmes).set({ code: 'LOOK' }).where(eq(programmes.id, p.id));
  const householdIds: string[] = [];
  for (const k of [1, 2]) {
    const h = await makeHousehold(team.op.id, [{ birthDate: '1980-01-01', khmerId: `55500000${k}` }]);
    await db()
      .update(households)
      .set({ code: `LOOK-00000${k}` })
      .where(eq(households.id, h.household.id));
    await enrol(team.op.id, p.id, h.household.id);
    householdIds.push(h.household.id);
  }
  const g = await generatePaymentList(team.officer, { programmeId: p.id, period: '2026-06' });
  return { team, programmeId: p.id, listId: g.id, listCode: g.code, householdIds };
}

async function notFound(p: Promise<unknown>) {
  await expect(p).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'NOT_FOUND');
}

const get = async (route: (r: NextRequest, c: never) => Promise<Response>, url: string, params = {}) => {
  const res = await route(new NextRequest(`http://localhost${url}`), { params: Promise.resolve(params) } as never);
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  S.A = await side();
  S.B = await side();
  // B's enrolment that names A's programme (a forged or broken row): A's generation must not pay it.
  const { household } = await makeHousehold(S.B.team.op.id, [{ birthDate: '1970-01-01' }]);
  await enrol(S.B.team.op.id, S.A.programmeId, household.id);
}, 120_000);

describe('payment lists are read by their own operator only', () => {
  it("generation pays the caller's enrolments only", async () => {
    const a = S.A.team.officer;
    const { items } = await listLines(a, S.A.listId, linesQuerySchema.parse({}));
    expect(items.map((l) => l.householdId).sort()).toEqual([...S.A.householdIds].sort());
    const again = await generatePaymentList(a, { programmeId: S.A.programmeId, period: '2026-07' });
    expect(again.lines).toBe(2);
  });

  it('lists, one list, lines, follow-ups and counts: the other operator’s are not there', async () => {
    for (const [me, other] of [
      ['A', 'B'],
      ['B', 'A'],
    ] as const) {
      const actor: PaymentActor = S[me].team.approver;
      const mine = await listPaymentLists(actor, listQuerySchema.parse({ limit: 200 }));
      expect(mine.items.map((l) => l.id)).toContain(S[me].listId);
      expect(mine.items.map((l) => l.id)).not.toContain(S[other].listId);
      expect(mine.items.every((l) => l.programmeId === S[me].programmeId)).toBe(true);
      const filtered = await listPaymentLists(actor, listQuerySchema.parse({ programme: S[other].programmeId }));
      expect(filtered.items).toEqual([]);
      await notFound(getPaymentList(actor, S[other].listId));
      await notFound(listLines(actor, S[other].listId, linesQuerySchema.parse({})));
      expect(await followUpsOf(actor, S[other].listId)).toEqual([]);
      expect(await carriableCount(actor, S[other].listId)).toBe(0);
      expect((await getPaymentList(actor, S[me].listId)).code).toBe(S[me].listCode);
    }
  });

  it('the API routes answer the caller’s programmes, lists and lines only', async () => {
    await signInAs(S.A.team.approver.id);
    const lists = await get(listsRoute, '/api/v1/payment-lists');
    expect(lists.status).toBe(200);
    expect(lists.text).toContain(S.A.listCode);
    expect(lists.text).not.toContain(S.B.listId);
    expect(lists.text).not.toContain(S.B.listCode);
    const progs = await get(programmesRoute, '/api/v1/programmes');
    expect(progs.text).toContain(S.A.programmeId);
    expect(progs.text).not.toContain(S.B.programmeId);
    for (const [route, url, id] of [
      [listRoute, `/api/v1/payment-lists/${S.B.listId}`, S.B.listId],
      [linesRoute, `/api/v1/payment-lists/${S.B.listId}/lines`, S.B.listId],
      [programmeRoute, `/api/v1/programmes/${S.B.programmeId}`, S.B.programmeId],
    ] as const) {
      const res = await get(route as never, url, { id });
      expect(res.status, url).toBe(404);
      expect(res.text).not.toContain('LOOK');
    }
    const own = await get(linesRoute as never, `/api/v1/payment-lists/${S.A.listId}/lines`, { id: S.A.listId });
    expect(own.status).toBe(200);
    expect(own.text).toContain('555000001');
    // The answers have the shapes the OpenAPI document gives.
    expect(() => paymentListPageSchema.parse(JSON.parse(lists.text))).not.toThrow();
    expect(() => programmeListSchema.parse(JSON.parse(progs.text))).not.toThrow();
    expect(() => paymentLinePageSchema.parse(JSON.parse(own.text))).not.toThrow();
    const one = await get(listRoute as never, `/api/v1/payment-lists/${S.A.listId}`, { id: S.A.listId });
    expect(paymentListSchema.parse(JSON.parse(one.text))).toMatchObject({
      code: S.A.listCode,
      generatedBy: { id: S.A.team.officer.id },
      submittedBy: null,
    });
    const bad = await get(linesRoute as never, `/api/v1/payment-lists/${S.A.listId}/lines?limit=0`, { id: S.A.listId });
    expect(bad.status).toBe(400);
  });
});
