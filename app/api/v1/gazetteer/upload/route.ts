import { apiRoute } from '@/lib/api-route';
import { apiRoutes } from '@/lib/api/routes';
import { importGazetteerUpload } from '@/lib/gazetteer/upload';

export const dynamic = 'force-dynamic';

/**
 * A gazetteer edition as multipart form data (`files`, one or more). apiRoute checks the caller (a
 * platform administrator) before a byte is read; the body is then streamed to disk within its limit
 * (lib/uploads/multipart.ts) and imported. 201 with what the import changed.
 */
export const POST = apiRoute(apiRoutes.gazetteerUpload, (user, _query, _params, request) =>
  importGazetteerUpload(user, request),
);
