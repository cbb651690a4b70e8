import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { programmeJson } from '@/lib/programmes/api-schema';
import { getProgramme } from '@/lib/programmes/service';

export const dynamic = 'force-dynamic';

/** GET /api/v1/programmes/{id}: one programme of the operator (another operator's: 404). */
export const GET = apiRoute(apiRoutes.programme, async (user, _query, { id }) =>
  programmeJson(await getProgramme(user, id)),
);
