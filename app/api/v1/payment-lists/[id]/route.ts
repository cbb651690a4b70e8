import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { paymentListJson } from '@/lib/payments/lists';

export const dynamic = 'force-dynamic';

/** GET /api/v1/payment-lists/{id}: one list of the operator (another operator's: 404). */
export const GET = apiRoute(apiRoutes.paymentList, (user, _query, { id }) => paymentListJson(user, id));
