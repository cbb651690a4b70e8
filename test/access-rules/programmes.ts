import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { programmes } from '@/db/schema';
import { emptyCondition, emptyRules, programmeFormValues } from '@/lib/programmes/rule-form';
import type { BenefitRules } from '@/lib/programmes/rules';
import type { Rules } from './types';

// The programme actions (issue 10). Each edit names a fresh draft programme of ctx's operator, so
// one caller's change never decides the next caller's outcome; the default cross-operator check
// applies: operator B's administrator, given A's programme, gets not found.

const page = 'app/(app)/programmes/actions.ts';
const code = () => `P-${randomUUID().slice(0, 8).toUpperCase()}`;

const RULES: BenefitRules = {
  currency: 'KHR',
  eligibility: { idpoorLevels: [1, 2] },
  household: [{ when: { setting: 'rural' }, amount: 40_000 }],
  members: [],
};

/** The form's values for a new programme (rules as the editor's draft). */
const formInput = () =>
  programmeFormValues({
    code: code(),
    nameKm: 'កម្មវិធីសាកល្បង',
    nameEn: 'Test programme',
    description: null,
    benefitType: 'cash',
    currency: 'KHR',
    frequency: 'monthly',
    startDate: '2027-01-01',
    endDate: null,
    rules: RULES,
  });

async function insertProgramme(operatorId: string) {
  const [row] = await db()
    .insert(programmes)
    .values({
      operatorId,
      code: code(),
      nameKm: 'កម្មវិធីសាកល្បង',
      nameEn: 'Test programme',
      benefitType: 'cash',
      currency: 'KHR',
      frequency: 'monthly',
      startDate: '2027-01-01',
      rules: RULES,
    })
    .returning();
  return row!;
}

export const rules: Rules = {
  [`${page}#createProgrammeAction`]: {
    access: 'programmesManage',
    input: formInput,
    // Nothing in the form names an operator: B's administrator creates B's programme.
    crossOperator: {
      creates: async ({ data }) => {
        const id = (data as { id?: string } | undefined)?.id;
        if (!id) return undefined;
        const [p] = await db()
          .select({ operatorId: programmes.operatorId })
          .from(programmes)
          .where(eq(programmes.id, id));
        return p?.operatorId;
      },
    },
  },
  [`${page}#updateProgrammeAction`]: {
    access: 'programmesManage',
    input: async (ctx) => {
      const p = await insertProgramme(ctx.operatorId);
      return { ...programmeFormValues(p), nameEn: 'Renamed', id: p.id, version: p.version };
    },
  },
  [`${page}#setProgrammeStatusAction`]: {
    access: 'programmesManage',
    input: async (ctx) => {
      const p = await insertProgramme(ctx.operatorId);
      return { id: p.id, version: p.version, status: 'active' };
    },
  },
  [`${page}#countQualifyingAction`]: {
    access: 'programmes',
    input: () => ({
      currency: 'KHR',
      rules: { ...emptyRules('KHR'), eligibility: { ...emptyCondition(), idpoorLevels: ['1'] } },
    }),
    crossOperator: false,
    reason:
      "Names no record: it counts the caller's own operator's households (tenantOf in lib/programmes/rules-sql.ts). test/programme-actions.test.ts checks that another operator's administrator counts none of them.",
  },
};
