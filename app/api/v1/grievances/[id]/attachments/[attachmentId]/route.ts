import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { readAttachment } from '@/lib/grievances/attachments';

export const dynamic = 'force-dynamic';

/** Always a download of the stored type, never rendered by the browser (lib/route.ts' attachment headers). */
export const GET = apiRoute(apiRoutes.grievanceAttachment, (user, _query, { id, attachmentId }) =>
  readAttachment(user, id, attachmentId),
);
