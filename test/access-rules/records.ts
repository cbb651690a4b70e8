import { randomUUID } from 'node:crypto';
import { householdFormValues, memberFormValues } from '@/lib/records/form-values';
import { insertHousehold } from '../helpers/records';
import type { Rules } from './types';

// Every record-targeting entry point gets a fresh household of ctx's operator per call, so that
// one caller's change (a move, a deletion) never decides the next caller's outcome. Each names one
// record, so the default cross-operator check applies to all: operator B's administrator, given
// operator A's household or member, gets not found.

const householdPage = 'app/(app)/households/[id]/actions.ts';
const memberPage = 'app/(app)/members/[id]/actions.ts';

export const rules: Rules = {
  [`${householdPage}#updateHouseholdAction`]: {
    access: 'enrolment',
    input: async (ctx) => {
      const { household } = await insertHousehold(ctx.operatorId);
      return {
        householdId: household.id,
        version: household.version,
        household: { ...householdFormValues(household), notes: 'corrected' },
      };
    },
  },
  [`${householdPage}#changeHeadAction`]: {
    access: 'enrolment',
    input: async (ctx) => {
      const { household, spouse } = await insertHousehold(ctx.operatorId);
      return { householdId: household.id, newHeadId: spouse.id, formerHeadRelationship: 'spouse' };
    },
    // A's household: not found. A's member made head of B's household: answered as for an id no member has.
    crossOperator: [
      'notFound',
      {
        sameAsUnknown: async (a, b) => {
          const { household } = await insertHousehold(b.operatorId);
          const { spouse: theirs } = await insertHousehold(a.operatorId);
          const change = (newHeadId: string) => ({
            householdId: household.id,
            newHeadId,
            formerHeadRelationship: 'spouse',
          });
          return { theirs: change(theirs.id), unknown: change(randomUUID()) };
        },
      },
    ],
  },
  [`${householdPage}#deleteHouseholdAction`]: {
    access: 'enrolment',
    input: async (ctx) => ({
      householdId: (await insertHousehold(ctx.operatorId)).household.id,
      reason: 'Enrolled twice',
    }),
  },
  [`${memberPage}#updateMemberAction`]: {
    access: 'enrolment',
    input: async (ctx) => {
      const { spouse } = await insertHousehold(ctx.operatorId);
      return {
        memberId: spouse.id,
        version: spouse.version,
        member: { ...memberFormValues(spouse), birthCertificateNo: 'BC-1' },
      };
    },
  },
  [`${memberPage}#moveMemberAction`]: {
    access: 'enrolment',
    input: async (ctx) => {
      const { spouse } = await insertHousehold(ctx.operatorId);
      const { household: to } = await insertHousehold(ctx.operatorId);
      return { memberId: spouse.id, householdCode: to.code, relationship: 'other_relative' };
    },
    // A's member moved by B: not found. B's own member moved into A's household (by its code):
    // answered as for a code no household has, so B cannot even learn that A's code exists.
    crossOperator: [
      'notFound',
      {
        sameAsUnknown: async (a, b) => {
          const { spouse } = await insertHousehold(b.operatorId);
          const { household: theirs } = await insertHousehold(a.operatorId);
          const move = (householdCode: string) => ({
            memberId: spouse.id,
            householdCode,
            relationship: 'other_relative',
          });
          return { theirs: move(theirs.code), unknown: move('NONE-000000') };
        },
      },
    ],
  },
  [`${memberPage}#recordDeathAction`]: {
    access: 'enrolment',
    input: async (ctx) => ({ memberId: (await insertHousehold(ctx.operatorId)).spouse.id, deathDate: '2024-02-03' }),
  },
  [`${memberPage}#recordExitAction`]: {
    access: 'enrolment',
    input: async (ctx) => ({
      memberId: (await insertHousehold(ctx.operatorId)).spouse.id,
      exitDate: '2024-02-03',
      reason: 'Moved away',
    }),
  },
  [`${memberPage}#deleteMemberAction`]: {
    access: 'enrolment',
    input: async (ctx) => ({ memberId: (await insertHousehold(ctx.operatorId)).spouse.id, reason: 'Added by mistake' }),
  },
  'app/api/v1/households/[id]/route.ts#GET': {
    access: 'households',
    request: async (ctx) => {
      const id = (await insertHousehold(ctx.operatorId)).household.id;
      return { url: `http://localhost/api/v1/households/${id}`, params: { id } };
    },
  },
  'app/api/v1/members/[id]/route.ts#GET': {
    access: 'households',
    request: async (ctx) => {
      const id = (await insertHousehold(ctx.operatorId)).head.id;
      return { url: `http://localhost/api/v1/members/${id}`, params: { id } };
    },
  },
};
