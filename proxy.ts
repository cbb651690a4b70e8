import { NextResponse, type NextRequest } from 'next/server';
import { actionBodyProblem } from '@/lib/http/action-body';

// Optimistic work only: security headers, a request id, and a server action's body checked for the
// shape React's decoder can take (sizes, origins and addresses were settled before, by the app's
// server: lib/http/edge.mjs). Who may do what is checked by every page, action and route handler
// itself (lib/auth/guards.ts).

function csp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and Next set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

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
  const refused = await badActionBody(request);
  if (refused) return refused;

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = csp(nonce, process.env.NODE_ENV === 'development');
  const incoming = request.headers.get('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();

  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('x-request-id', requestId);
  headers.set('Content-Security-Policy', policy);

  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  response.headers.set('x-request-id', requestId);
  return response;
}

// API routes (/api/…) are left out: they answer JSON, which needs no content policy or nonce, and
// their request id is set by the app's server (lib/http/edge.mjs assignRequestId) for every request —
// so a search does not pay for the proxy. That also keeps out the upload routes (lib/http/limits.mjs
// UPLOAD_ROUTES), which must not pass through it: Next buffers (and beyond its limit silently cuts) the
// body of every request the proxy sees, and an upload streams to disk under its handler's own byte
// count; and the public grievance form's routes, which refuse before reading a body.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/).*)' }],
};
