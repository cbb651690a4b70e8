import type { NextRequest } from 'next/server';
import { jsonRoute } from '@/lib/api-route';
import { requireUser } from '@/lib/auth/guards';
import { childrenOf } from '@/lib/gazetteer/queries';
import { unitsQuerySchema } from '@/lib/gazetteer/schemas';

export const dynamic = 'force-dynamic';

/** `GET ?parent=CODE`: the units under a province, district or commune; the provinces without it. */
export async function GET(request: NextRequest) {
  return jsonRoute(request, () => requireUser(), unitsQuerySchema, async ({ parent }) => ({
    parent: parent ?? null,
    units: await childrenOf(parent ?? null),
  }));
}
