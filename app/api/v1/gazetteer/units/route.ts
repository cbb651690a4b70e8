import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { childrenOf } from '@/lib/gazetteer/queries';

export const dynamic = 'force-dynamic';

/** `GET ?parent=CODE`: the units under a province, district or commune; the provinces without it. */
export const GET = apiRoute(apiRoutes.units, async (_user, { parent }) => ({
  parent: parent ?? null,
  units: await childrenOf(parent ?? null),
}));
