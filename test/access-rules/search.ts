import { householdWithKhmerId } from './seed';
import type { Rules } from './types';

export const rules: Rules = {
  // Names no record: it answers from the caller's own operator. Cross-operator, B's administrator
  // searches for the Khmer ID of A's member and finds nobody (A's administrator finds them);
  // test/search-api.test.ts checks the other kinds of query.
  'app/api/v1/search/route.ts#GET': {
    access: 'households', request: () => ({ url: 'http://localhost/api/v1/search?q=sok&sex=F&limit=5' }),
    crossOperator: {
      lists: async (a) => {
        const { head, household, khmerId } = await householdWithKhmerId(a);
        return { markers: [head.id, household.code], request: { url: `http://localhost/api/v1/search?q=${khmerId}` } };
      },
    },
  },
  'app/api/v1/openapi.json/route.ts#GET': {
    access: 'signedIn', request: () => ({ url: 'http://localhost/api/v1/openapi.json' }),
    crossOperator: false, reason: "The API's description: the same document for every signed-in user, no operator's data in it.",
  },
};
