import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { resolveLocale } from '@/lib/i18n/locale';
import { createImportJob } from '@/lib/imports/jobs';

export const dynamic = 'force-dynamic';

/** The file is the raw request body (streamed to disk); its name and options are in the query. 201 with the job. */
export const POST = apiRoute(apiRoutes.upload, async (user, query, _params, request) =>
  createImportJob(user, query, request.body, await resolveLocale()),
);
