import { apiRoute } from '@/lib/api-route';
import { openApiDocument } from '@/lib/api/openapi';
import { apiRoutes } from '@/lib/api/routes';

export const dynamic = 'force-dynamic';

/** GET /api/v1/openapi.json: the API's description, for signed-in users. */
export const GET = apiRoute(apiRoutes.openApi, async () => openApiDocument());
