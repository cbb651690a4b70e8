import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { memberJsonOf } from '@/lib/records/json';

export const dynamic = 'force-dynamic';

/** A member with their household's code and address; another operator's, an unknown or a malformed id is 404. */
export const GET = apiRoute(apiRoutes.member, (user, _query, { id }) => memberJsonOf(user, id));
