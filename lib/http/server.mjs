// The HTTP front of the app: every request passes lib/http/edge.mjs' policy before Next.js sees it.
// Refusals are answered at once and the connection closed, so an unwanted body is never read.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { assignPagePolicy, assignRequestId, refusal, resolveClient, rewriteHeaders } from './edge.mjs';

/**
 * The request listener: policy first, then `handle` (Next's request handler, or a test's).
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown} handle
 * @param {{ trust: ReturnType<typeof import('./edge.mjs').parseTrustedProxies>; token?: string; dev?: boolean; log?: (entry: object) => void }} options
 */
export function edgeListener(handle, { trust, token = edgeToken(), dev = false, log = () => {} }) {
  return (req, res) => {
    const client = resolveClient(
      { socketAddress: req.socket.remoteAddress, encrypted: Boolean(req.socket.encrypted), headers: req.headers },
      trust,
    );
    rewriteHeaders(req.headers, client, token);
    const requestId = assignRequestId(req.headers);
    res.setHeader('x-request-id', requestId);
    if (client.proto === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    const refused = refusal(req, client);
    if (!refused) {
      // Here rather than in proxy.ts, which only server actions pass through (it costs about 0.6 ms a request).
      const policy = assignPagePolicy(req.url, req.headers, dev);
      if (policy) res.setHeader('Content-Security-Policy', policy);
      return handle(req, res);
    }
    log({
      event: 'http.refused',
      requestId,
      status: refused.status,
      code: refused.code,
      method: req.method,
      client: client.address,
    });
    refuse(req, res, refused);
  };
}

/** The per-process token (kept on globalThis, where the app reads it: lib/request.ts). */
export function edgeToken() {
  const g = /** @type {{ __sdpEdgeToken?: string }} */ (globalThis);
  g.__sdpEdgeToken ??= randomBytes(24).toString('base64url');
  return g.__sdpEdgeToken;
}

function refuse(req, res, refused) {
  const api = (req.url ?? '').startsWith('/api/');
  const wantsHtml = !api && String(req.headers.accept ?? '').includes('text/html');
  res.statusCode = refused.status;
  res.setHeader('Cache-Control', 'no-store');
  // The body may still be arriving: answer, then close rather than read it.
  res.setHeader('Connection', 'close');
  if (wantsHtml) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.end(
      `<!doctype html><html lang="km"><meta charset="utf-8"><title>${refused.status}</title>` +
        `<p lang="km">${refused.messageKm}</p><p lang="en">${refused.message}</p><p><a href="/">ទំព័រដើម · Home</a></p></html>`,
    );
  } else {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: { code: refused.code, message: refused.message } }));
  }
  // Closing with the body still arriving would make the client's kernel reset the connection before it
  // reads the answer; so what keeps arriving is read and dropped (never kept) for a moment, then cut.
  req.resume();
  res.on('finish', () => setTimeout(() => req.socket.destroy(), 2000).unref());
}

/**
 * Starts Next.js behind the edge policy. Resolves to the listening server.
 * @param {{ dir: string; dev: boolean; port: number; hostname?: string; trust: ReturnType<typeof import('./edge.mjs').parseTrustedProxies>; log?: (entry: object) => void }} o
 */
export async function startServer({ dir, dev, port, hostname, trust, log }) {
  const { default: next } = await import('next');
  const app = next({ dev, dir, port, hostname: hostname ?? 'localhost' });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer(edgeListener(handle, { trust, dev, log }));
  const upgrade = app.getUpgradeHandler?.();
  if (upgrade) server.on('upgrade', (req, socket, head) => upgrade(req, socket, head));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve(undefined));
  });
  return server;
}
