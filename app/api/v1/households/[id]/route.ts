import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { jsonRoute } from '@/lib/api-route';
import { requireRole } from '@/lib/auth/guards';
import { householdJson } from '@/lib/records/json';

export const dynamic = 'force-dynamic';

/** A household with its members and address names; another operator's or an unknown id is 404. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The guard runs first (jsonRoute); the domain takes the user again — one cached session read per request.
  return jsonRoute(request, () => requireRole('households'), z.object({}), async () => householdJson(await requireRole('households'), id));
}
