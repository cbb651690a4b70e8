import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { attachToGrievance } from '@/lib/grievances/attachments';

export const dynamic = 'force-dynamic';

/**
 * The file is the raw request body, streamed to disk (never a server-action body held in memory); its
 * name is in the query. apiRoute checks the caller before anything else; attachToGrievance then checks
 * the grievance and the declared length before reading the body. 201 with the attachment.
 */
export const POST = apiRoute(apiRoutes.grievanceAttach, (user, { name }, { id }, request) =>
  attachToGrievance(user, id, name, request),
);
