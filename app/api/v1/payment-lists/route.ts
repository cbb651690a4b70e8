import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { paymentListsJson } from '@/lib/payments/lists';

export const dynamic = 'force-dynamic';

/** GET /api/v1/payment-lists: the operator's lists, newest first, filtered by programme and status. */
export const GET = apiRoute(apiRoutes.paymentLists, (user, query) => paymentListsJson(user, query));
