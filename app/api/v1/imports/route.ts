import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { resolveLocale } from '@/lib/i18n/locale';
import { listImportJobs } from '@/lib/imports/jobs';

export const dynamic = 'force-dynamic';

/** The operator's recent import jobs with their progress: the upload page polls it. */
export const GET = apiRoute(apiRoutes.imports, async (user) => listImportJobs(user, await resolveLocale()));
