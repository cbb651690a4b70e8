import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { householdJson } from '@/lib/records/json';

export const dynamic = 'force-dynamic';

/** A household with its members and address names; another operator's, an unknown or a malformed id is 404. */
export const GET = apiRoute(apiRoutes.household, (user, _query, { id }) => householdJson(user, id));
