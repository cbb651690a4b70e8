import type { Rules } from './types';

// The search names no record (it answers the caller's own operator's members), so there is no
// cross-operator case here: test/search-api.test.ts checks that another operator's members are
// never found.
export const rules: Rules = {
  'app/api/v1/search/route.ts#GET': {
    access: 'households', request: () => ({ url: 'http://localhost/api/v1/search?q=sok&sex=F&limit=5' }),
  },
  'app/api/v1/openapi.json/route.ts#GET': {
    access: 'signedIn', request: () => ({ url: 'http://localhost/api/v1/openapi.json' }),
  },
};
