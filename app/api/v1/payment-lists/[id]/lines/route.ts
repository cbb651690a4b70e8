import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { paymentLinesJson } from '@/lib/payments/lists';

export const dynamic = 'force-dynamic';

/** GET /api/v1/payment-lists/{id}/lines: a page of the list's lines in line order. */
export const GET = apiRoute(apiRoutes.paymentLines, (user, query, { id }) => paymentLinesJson(user, id, query));
