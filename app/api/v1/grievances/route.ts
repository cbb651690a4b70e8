import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { countByStatus, listGrievances } from '@/lib/grievances/queries';

export const dynamic = 'force-dynamic';

/** GET /api/v1/grievances: the queue, with the page's filters; visibility applied in lib/grievances. */
export const GET = apiRoute(apiRoutes.grievances, async (user, query) => {
  const now = new Date();
  const [page, counts] = await Promise.all([listGrievances(user, query, now), countByStatus(user, query, now)]);
  return { ...page, counts };
});
