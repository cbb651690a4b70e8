import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { readGrievance } from '@/lib/grievances/queries';

export const dynamic = 'force-dynamic';

/** GET /api/v1/grievances/{id}: one grievance with its history, if the caller may see it (else 404). */
export const GET = apiRoute(apiRoutes.grievance, async (user, _query, params) => readGrievance(user, params.id));
