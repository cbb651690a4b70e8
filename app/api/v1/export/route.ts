import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { exportMembers } from '@/lib/exports/export';

export const dynamic = 'force-dynamic';

/** The members the search finds with these filters, as CSV or XLSX, streamed; every export is audited. */
export const GET = apiRoute(apiRoutes.export, (user, { format, ...filters }) => exportMembers(user, format, filters));
