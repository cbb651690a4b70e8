import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { households, paymentLines, paymentLists } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import {
  activeProgrammes,
  enrolmentView,
  householdBenefits,
  memberBenefits,
  recipientChoices,
} from '@/lib/programmes/beneficiary-view';
import { enrol } from '@/lib/programmes/enrolment';
import { previewBulkEnrolment } from '@/lib/programmes/enrolment-bulk';
import { bulkEnrolSchema } from '@/lib/programmes/enrolment-bulk-schema';
import { enrolmentCounts, listProgrammeEnrolments } from '@/lib/programmes/enrolment-list';
import { adminOf, householdOf, programmeOf } from './helpers/enrolments';
import { ensureUnits } from './helpers/households';

// Two operators with look-alike enrolment data: the same household code, the same names, a
// programme each, household and member enrolments and a payment line each. Every list, count,
// view and preview of benefit enrolment, asked by A, holds A's rows only — and A's own rows all
// (so a check is never vacuous); asked about B's ids, it answers nothing.

const CODE = 'LEAK-000001';

interface Side {
  actor: OperatorUser;
  programme: string;
  householdId: string;
  memberId: string;
  enrolments: string[];
  line: string;
}

async function seed(): Promise<Side> {
  const actor = await adminOf();
  const programme = await programmeOf(actor);
  const h = await householdOf(actor.operatorId);
  await db().update(households).set({ code: CODE }).where(eq(households.id, h.household.id));
  // A second household of the same operator, not enrolled: the bulk preview's "qualifies".
  await householdOf(actor.operatorId);
  const a = await enrol(actor, { programmeId: programme, householdId: h.household.id, memberId: '' });
  const b = await enrol(actor, { programmeId: programme, householdId: h.household.id, memberId: h.spouse.id });
  const [list] = await db()
    .insert(paymentLists)
    .values({
      operatorId: actor.operatorId,
      programmeId: programme,
      code: 'LEAK-P-000001',
      period: '2026-12',
      paymentDate: '2026-12-15',
      currency: 'KHR',
    })
    .returning();
  const [line] = await db()
    .insert(paymentLines)
    .values({
      operatorId: actor.operatorId,
      listId: list!.id,
      programmeId: programme,
      period: '2026-12',
      enrolmentId: b.id,
      householdId: h.household.id,
      memberId: h.spouse.id,
      lineRef: 'LEAK-P-000001-00001',
      lineNo: 1,
      amount: 40_000,
      currency: 'KHR',
      householdCode: CODE,
      recipientNameKm: 'ចាន់ ដារ៉ា',
    })
    .returning();
  return {
    actor,
    programme,
    householdId: h.household.id,
    memberId: h.spouse.id,
    enrolments: [a.id, b.id],
    line: line!.id,
  };
}

let A: Side;
let B: Side;

beforeAll(async () => {
  await ensureUnits();
  A = await seed();
  B = await seed();
});

describe("benefit enrolment's lists hold the caller's rows only", () => {
  it("a programme's enrolments and their counts", async () => {
    const own = await listProgrammeEnrolments(A.actor, A.programme, {});
    expect(own.rows.map((r) => r.id).sort()).toEqual([...A.enrolments].sort());
    expect((await listProgrammeEnrolments(A.actor, B.programme, {})).rows).toEqual([]);
    expect(await enrolmentCounts(A.actor, A.programme)).toEqual({ active: 2 });
    expect(await enrolmentCounts(A.actor, B.programme)).toEqual({});
  });

  it("the household and member pages' enrolments and payment lines", async () => {
    const own = await householdBenefits(A.actor, A.householdId, 'en');
    expect(own.enrolments.map((e) => e.id).sort()).toEqual([...A.enrolments].sort());
    expect(own.lines.map((l) => l.id)).toEqual([A.line]);
    expect(own.lines[0]!.amount).toMatch(/^40,000 ៛$/);
    expect(await householdBenefits(A.actor, B.householdId, 'en')).toEqual({ enrolments: [], lines: [] });
    const member = await memberBenefits(A.actor, A.memberId, 'km');
    expect(member.lines.map((l) => l.id)).toEqual([A.line]);
    expect(await memberBenefits(A.actor, B.memberId, 'en')).toEqual({ enrolments: [], lines: [] });
  });

  it('one enrolment, the recipients offered and the active programmes', async () => {
    expect((await enrolmentView(A.actor, A.enrolments[0]!))?.id).toBe(A.enrolments[0]);
    expect(await enrolmentView(A.actor, B.enrolments[0]!)).toBeUndefined();
    expect((await recipientChoices(A.actor, A.householdId)).length).toBe(2);
    expect(await recipientChoices(A.actor, B.householdId)).toEqual([]);
    expect((await activeProgrammes(A.actor)).map((p) => p.id)).toEqual([A.programme]);
  });

  it("the bulk preview counts the caller's households only, from the conditions and from a search", async () => {
    const eligibility = await previewBulkEnrolment(
      A.actor,
      bulkEnrolSchema.parse({ programmeId: A.programme, source: 'eligibility' }),
    );
    expect(eligibility.counts).toMatchObject({ qualifies: 1, alreadyEnrolled: 1, notEligible: 0 });
    const search = await previewBulkEnrolment(
      A.actor,
      bulkEnrolSchema.parse({ programmeId: A.programme, source: 'search', filters: { q: CODE } }),
    );
    expect(search.counts).toMatchObject({ qualifies: 0, alreadyEnrolled: 1 });
    expect(search.samples.alreadyEnrolled.map((s) => s.householdId)).toEqual([A.householdId]);
  });
});
