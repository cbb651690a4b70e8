import { failed, ok } from '@/lib/api/respond';
import { openApiDocument } from '@/lib/api/openapi';
import { requireUser } from '@/lib/auth/guards';

export const dynamic = 'force-dynamic';

/** GET /api/v1/openapi.json: the API's description, for signed-in users. */
export async function GET() {
  try {
    await requireUser();
    return ok(openApiDocument());
  } catch (e) {
    return failed(e);
  }
}
