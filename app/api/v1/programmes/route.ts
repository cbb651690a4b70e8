import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { programmeJson } from '@/lib/programmes/api-schema';
import { listProgrammes } from '@/lib/programmes/service';

export const dynamic = 'force-dynamic';

/** GET /api/v1/programmes: the operator's programmes. */
export const GET = apiRoute(apiRoutes.programmes, async (user) => ({
  items: (await listProgrammes(user)).map(programmeJson),
}));
