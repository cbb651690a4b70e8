import type { NextRequest } from 'next/server';
import { publicGrievanceResponse } from '@/lib/grievances/public-http';

export const dynamic = 'force-dynamic';

/**
 * The operator's public grievance form posts here (no sign-in). Not an apiRoute: it has no session to
 * check and answers the plain HTML form too; like every /api/ route it is left out of proxy.ts' matcher, so that its
 * body is not buffered before publicGrievanceResponse has checked the page is on, the declared length and the
 * rate limit, and read the body with its own small limit.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ operatorCode: string }> }) {
  return publicGrievanceResponse(request, (await params).operatorCode);
}
