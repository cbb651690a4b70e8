import { NextResponse, type NextRequest } from 'next/server';
import { actionBodyProblem } from '@/lib/http/action-body';

// A server action's body checked for the shape React's decoder can take, so a hand-made one is a 400
// rather than a 500. Only server actions come here (the matcher below): the page's content policy and
// nonce, the request id, sizes, origins and addresses are settled before, by the app's server
// (lib/http/edge.mjs), which is cheaper than a pass through the proxy on every request. Who may do what
// is checked by every page, action and route handler itself (lib/auth/guards.ts).

/** A hand-made server action body: 400 before React's decoder throws on it (a 500). */
async function badActionBody(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const multipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data');
  let problem: string | null;
  try {
    problem = actionBodyProblem(multipart ? await request.formData() : await request.text());
  } catch {
    problem = 'unreadable body';
  }
  if (!problem) return null;
  return NextResponse.json(
    { error: { code: 'INVALID', message: 'The request body is not valid.' } },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function proxy(request: NextRequest) {
  return (await badActionBody(request)) ?? NextResponse.next();
}

// Server actions only: a POST to a page with a Next-Action header. API routes are left out: they take
// no server actions, and Next buffers (and beyond its limit silently cuts) the body of every request the
// proxy sees, while an upload (lib/http/limits.mjs UPLOAD_ROUTES) streams to disk under its handler's
// own byte count.
export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|api/).*)',
      has: [{ type: 'header', key: 'next-action' }],
    },
  ],
};
