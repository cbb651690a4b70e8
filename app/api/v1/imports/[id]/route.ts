import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { resolveLocale } from '@/lib/i18n/locale';
import { getImportJob } from '@/lib/imports/jobs';

export const dynamic = 'force-dynamic';

/** One import job and its progress; another operator's, an unknown or a malformed id is 404. */
export const GET = apiRoute(apiRoutes.importJob, async (user, _query, { id }) =>
  getImportJob(user, id, await resolveLocale()),
);
