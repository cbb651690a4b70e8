import { ensureUnits, householdOfThree } from '../helpers/households';
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
  },
};
