import { NextResponse } from 'next/server';
import { databaseAnswers } from '@/lib/health';

export const dynamic = 'force-dynamic';

/** Public by design: load balancers and monitors call it without a session. */
export async function GET() {
  const ok = await databaseAnswers();
  return NextResponse.json(
    { status: ok ? 'ok' : 'error', database: ok ? 'ok' : 'error' },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
