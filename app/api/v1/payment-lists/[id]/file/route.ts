import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { paymentListFile } from '@/lib/payments/files';

export const dynamic = 'force-dynamic';

/** An approved list as its provider's file, streamed; the first download marks the list exported. */
export const GET = apiRoute(apiRoutes.paymentListFile, (user, query, { id }) => paymentListFile(user, id, query));
