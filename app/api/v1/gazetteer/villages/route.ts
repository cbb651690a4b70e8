import type { NextRequest } from 'next/server';
import { jsonRoute } from '@/lib/api-route';
import { requireUser } from '@/lib/auth/guards';
import { searchVillages } from '@/lib/gazetteer/queries';
import { villagesQuerySchema } from '@/lib/gazetteer/schemas';

export const dynamic = 'force-dynamic';

/** `GET ?q=…&limit=…`: villages whose Khmer or Latin name contains q, with their full path. */
export async function GET(request: NextRequest) {
  return jsonRoute(request, () => requireUser(), villagesQuerySchema, async ({ q, limit }) => ({
    query: q,
    villages: await searchVillages(q, limit),
  }));
}
