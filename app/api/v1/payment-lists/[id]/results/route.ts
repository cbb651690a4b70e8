import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { importResultsUpload } from '@/lib/payments/results-upload';

export const dynamic = 'force-dynamic';

/**
 * A provider's results file as multipart form data (`file`, `amountFormat`). apiRoute checks the caller's
 * role, then the list is checked (the caller's, and sent) before a byte is read; the file is streamed to
 * disk within its limit (lib/uploads/multipart.ts) and applied. 200 with what it did.
 */
export const POST = apiRoute(apiRoutes.paymentResults, (user, _query, { id }, request) =>
  importResultsUpload(user, id, request),
);
