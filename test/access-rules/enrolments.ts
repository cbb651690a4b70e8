import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { benefitEnrolments, programmes } from '@/db/schema';
import { emptyPaymentDetails } from '@/lib/programmes/enrolment-schemas';
import { RULES } from '../helpers/enrolments';
import { insertHousehold } from '../helpers/records';
import type { Rules } from './types';

// Benefit enrolment's entry points. Each call gets a fresh active programme and household of ctx's
// operator (written straight to the database), so that one caller's enrolment never decides the
// next caller's outcome. Each names records of one operator: the default cross-operator check
// applies (operator B's administrator, given A's programme or enrolment, gets not found).

const householdPage = 'app/(app)/households/[id]/actions.ts';
const memberPage = 'app/(app)/members/[id]/actions.ts';
const enrolments = 'app/(app)/programmes/[id]/enrolments/actions.ts';
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

async function activeProgramme(operatorId: string): Promise<string> {
  const [p] = await db()
    .insert(programmes)
    .values({
      operatorId,
      code: `AX-${randomUUID().slice(0, 8).toUpperCase()}`,
      nameKm: 'កម្មវិធី',
      nameEn: 'Programme',
      benefitType: 'cash',
      currency: 'KHR',
      frequency: 'monthly',
      startDate: '2026-01-01',
      status: 'active',
      // Everyone is eligible: the rule only needs to hold for the fixture's household.
      rules: { ...RULES, eligibility: { minHouseholdSize: 1 } },
    })
    .returning({ id: programmes.id });
  return p!.id;
}

async function enrolment(operatorId: string, status: 'active' | 'suspended' = 'active') {
  const { household, head } = await insertHousehold(operatorId);
  const [e] = await db()
    .insert(benefitEnrolments)
    .values({
      operatorId,
      programmeId: await activeProgramme(operatorId),
      householdId: household.id,
      status,
      enrolledOn: today(),
      recipientMemberId: head.id,
    })
    .returning();
  return e!;
}

export const rules: Rules = {
  [`${householdPage}#enrolHouseholdInProgrammeAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => ({
      programmeId: await activeProgramme(ctx.operatorId),
      householdId: (await insertHousehold(ctx.operatorId)).household.id,
      memberId: '',
    }),
  },
  [`${memberPage}#enrolMemberInProgrammeAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => {
      const { household, spouse } = await insertHousehold(ctx.operatorId);
      return { programmeId: await activeProgramme(ctx.operatorId), householdId: household.id, memberId: spouse.id };
    },
  },
  [`${enrolments}#bulkEnrolAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => {
      await insertHousehold(ctx.operatorId);
      return { programmeId: await activeProgramme(ctx.operatorId), source: 'eligibility' };
    },
  },
  [`${enrolments}#suspendEnrolmentAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => ({
      enrolmentId: (await enrolment(ctx.operatorId)).id,
      version: 1,
      reason: 'Away',
      date: today(),
    }),
  },
  [`${enrolments}#reactivateEnrolmentAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => ({ enrolmentId: (await enrolment(ctx.operatorId, 'suspended')).id, version: 1 }),
  },
  [`${enrolments}#endEnrolmentAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => ({
      enrolmentId: (await enrolment(ctx.operatorId)).id,
      version: 1,
      outcome: 'graduated',
      reason: 'Out of poverty',
      date: today(),
    }),
  },
  [`${enrolments}#paymentDetailsAction`]: {
    access: 'benefitEnrolment',
    input: async (ctx) => ({
      enrolmentId: (await enrolment(ctx.operatorId)).id,
      version: 1,
      ...emptyPaymentDetails(),
      channel: 'cash_pickup',
      paymentPoint: 'Commune office',
    }),
  },
};
