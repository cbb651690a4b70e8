import type { NextRequest } from 'next/server';
import { requireRole } from '@/lib/auth/guards';
import { jsonResponse, memberJsonOf } from '@/lib/records/json';

export const dynamic = 'force-dynamic';

/** A member with their household's code and address; another operator's or an unknown id is 404. */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return jsonResponse(async () => memberJsonOf(await requireRole('households'), (await params).id));
}
