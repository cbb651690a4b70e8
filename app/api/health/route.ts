import { NextResponse } from 'next/server';
import { databaseAnswers, instanceInfo } from '@/lib/health';

export const dynamic = 'force-dynamic';

/**
 * Public by design: load balancers and monitors call it without a session. It names the instance that
 * answered (host, process, version, build), so a monitor behind a load balancer can tell them apart.
 */
export async function GET() {
  const ok = await databaseAnswers();
  return NextResponse.json(
    { status: ok ? 'ok' : 'error', database: ok ? 'ok' : 'error', instance: instanceInfo() },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
