import type { NextRequest } from 'next/server';
import { requireRole } from '@/lib/auth/guards';
import { householdJson, jsonResponse } from '@/lib/records/json';

export const dynamic = 'force-dynamic';

/** A household with its members and address names; another operator's or an unknown id is 404. */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return jsonResponse(async () => householdJson(await requireRole('households'), (await params).id));
}
