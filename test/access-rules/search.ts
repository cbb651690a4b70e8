import { householdWithKhmerId } from './seed';
import type { Ctx, Rules } from './types';

export const rules: Rules = {
  // Names no record: it answers from the caller's own operator. Cross-operator, B's administrator
  // searches for A's member by Khmer ID, household code, Latin and Khmer name (each its own path
  // in lib/search) and finds nobody, where A's administrator finds them.
  'app/api/v1/search/route.ts#GET': {
    access: 'households',
    request: () => ({ url: 'http://localhost/api/v1/search?q=sok&sex=F&limit=5' }),
    crossOperator: (['khmerId', 'household', 'latinName', 'khmerName'] as const).map((by) => ({
      lists: async (a: Ctx) => {
        const { head, household, ...person } = await householdWithKhmerId(a);
        const q = {
          khmerId: person.khmerId,
          household: household.code,
          latinName: `${person.surnameLatin} ${person.givenNameLatin}`,
          khmerName: `${person.surnameKm} ${person.givenNameKm}`,
        }[by];
        return {
          markers: [head.id, household.code],
          request: { url: `http://localhost/api/v1/search?q=${encodeURIComponent(q)}` },
        };
      },
    })),
  },
  'app/api/v1/openapi.json/route.ts#GET': {
    access: 'signedIn',
    request: () => ({ url: 'http://localhost/api/v1/openapi.json' }),
    crossOperator: false,
    reason: "The API's description: the same document for every signed-in user, no operator's data in it.",
  },
};
