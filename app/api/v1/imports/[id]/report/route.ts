import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { resolveLocale } from '@/lib/i18n/locale';
import { importReport } from '@/lib/imports/report';

export const dynamic = 'force-dynamic';

/** The rows that were not imported (and why), as CSV in the reader's language. */
export const GET = apiRoute(apiRoutes.importReport, async (user, _query, { id }) => ({
  ...(await importReport(user, id, await resolveLocale())),
  contentType: 'text/csv; charset=utf-8',
}));
