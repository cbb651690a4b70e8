import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { households } from '@/db/schema';
import { ensureUnits, householdOfThree, member } from '../helpers/households';
import { householdWithKhmerId } from './seed';
import type { Rules } from './types';

export const rules: Rules = {
  'app/(app)/households/new/actions.ts#enrolHouseholdAction': {
    access: 'enrolment',
    input: async () => {
      await ensureUnits();
      // Unique names so that no earlier call's household is "a similar person".
      const input = householdOfThree();
      input.confirmSimilar = true;
      return input;
    },
    // B's administrator enrols, with operator A's id slipped into the form, a head with the Khmer
    // ID, name, birth date and village of one of A's members, without confirming similar people:
    // A's people are neither duplicates nor similar people in B (nothing of them is shown to B),
    // so the household is saved — and saved under B.
    crossOperator: {
      input: async (a) => {
        const { household: _h, head: _m, ...person } = await householdWithKhmerId(a);
        const input = householdOfThree();
        // Alone in the household, so that none of B's own earlier households is similar.
        input.members = [member({ ...person, birthDate: '1980-05-17' })];
        return { ...input, operatorId: a.operatorId, household: { ...input.household, operatorId: a.operatorId } };
      },
      creates: async ({ data }) => {
        const saved = data as { status?: string; householdId?: string } | undefined;
        if (saved?.status !== 'saved' || !saved.householdId) return undefined;
        const [h] = await db()
          .select({ operatorId: households.operatorId })
          .from(households)
          .where(eq(households.id, saved.householdId));
        return h?.operatorId;
      },
    },
  },
};
