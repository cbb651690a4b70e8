// The request policy the custom server (scripts/server.mjs) applies before Next.js reads a byte of a
// request: who the client is, which forwarded headers to believe, and which requests to refuse
// outright (a body larger than its route allows, a large body with no session, a cross-origin write,
// a path that does not decode). Plain JavaScript with no dependencies, so the server loads it
// without a build step and the tests drive it directly.
import { randomUUID } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { ACTION_BODY_LIMIT, ANONYMOUS_BODY_LIMIT, uploadRouteOf } from './limits.mjs';

/** The header the server sets to the client's address (any incoming one is replaced). */
export const CLIENT_ADDRESS_HEADER = 'x-sdp-client-address';
/** The header carrying the per-process token that shows the address came from this server. */
export const EDGE_TOKEN_HEADER = 'x-sdp-edge';

const FORWARDED = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
  'forwarded',
];

/**
 * TRUSTED_PROXIES: empty or 0 — no proxy, the socket's address is the client and forwarded headers
 * are ignored; a number 1–10 — that many proxies in front, each appending the address it saw to
 * X-Forwarded-For; otherwise a comma-separated list of addresses or CIDR ranges of the proxies.
 * @param {string | undefined} value
 * @returns {{ kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; text: string }}
 */
export function parseTrustedProxies(value) {
  const text = (value ?? '').trim();
  if (text === '' || text === '0') return { kind: 'none' };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new Error(`TRUSTED_PROXIES: at most 10 hops, not ${text}`);
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, bits, extra] = part.split('/');
    const family = isIP(address ?? '');
    if (!family || extra !== undefined) throw new Error(`TRUSTED_PROXIES: "${part}" is not an address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 6 ? 128 : 32))
        throw new Error(`TRUSTED_PROXIES: "${part}" has a bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return { kind: 'list', list, text };
}

/** An IPv4 client seen through an IPv6 socket (::ffff:203.0.113.7) is that IPv4 client. */
export function normaliseAddress(address) {
  const a = (address ?? '').trim().replace(/^\[|\]$/g, '');
  return a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

function isTrusted(list, address) {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function headerValues(value) {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Who sent the request, and the host and scheme it was sent to, believing forwarded headers only as
 * far as the trusted proxies go: the chain is X-Forwarded-For's entries then the socket's address,
 * read from the right; each trusted hop is stepped over; the first address a trusted proxy did not
 * write is the client. Anything further left was written by the client and is ignored.
 * @param {{ socketAddress: string | undefined; encrypted: boolean; headers: Record<string, string | string[] | undefined> }} req
 * @param {ReturnType<typeof parseTrustedProxies>} trust
 */
export function resolveClient(req, trust) {
  const socket = normaliseAddress(req.socketAddress) || 'unknown';
  const hostHeader = typeof req.headers.host === 'string' ? req.headers.host : '';
  const own = { address: socket, host: hostHeader, proto: req.encrypted ? 'https' : 'http' };
  if (trust.kind === 'none') return own;

  const chain = [...headerValues(req.headers['x-forwarded-for']).map(normaliseAddress), socket];
  let i = chain.length - 1;
  if (trust.kind === 'hops') i = Math.max(0, chain.length - 1 - trust.hops);
  else while (i > 0 && isTrusted(trust.list, chain[i])) i--;
  // Only a request that came through a trusted proxy may name its host and scheme.
  const viaProxy = trust.kind === 'hops' ? chain.length > 1 : isTrusted(trust.list, socket);
  if (!viaProxy) return own;
  const address = isIP(chain[i] ?? '') ? chain[i] : socket;
  const host = headerValues(req.headers['x-forwarded-host']).at(-1) || hostHeader;
  const proto = headerValues(req.headers['x-forwarded-proto']).at(-1) === 'https' ? 'https' : own.proto;
  return { address, host, proto };
}

/**
 * The headers Next.js and the app see: forwarded headers replaced by what was resolved (Next's own
 * server-action origin check reads X-Forwarded-Host), and the client's address with this process's
 * token so the app can tell it from a header a client made up.
 */
export function rewriteHeaders(headers, client, token) {
  for (const name of FORWARDED) delete headers[name];
  delete headers[CLIENT_ADDRESS_HEADER];
  delete headers[EDGE_TOKEN_HEADER];
  headers['x-forwarded-for'] = client.address;
  if (client.host) headers['x-forwarded-host'] = client.host;
  headers['x-forwarded-proto'] = client.proto;
  headers[CLIENT_ADDRESS_HEADER] = client.address;
  headers[EDGE_TOKEN_HEADER] = token;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request's id, in the x-request-id header Next.js and the app see (lib/request.ts) and in the
 * answer: a well-formed one sent by a proxy in front is kept, so its log lines and ours join up;
 * anything else is replaced by a new one. Set here, for every request, rather than in proxy.ts, which
 * API routes skip.
 * @param {Record<string, string | string[] | undefined>} headers
 * @returns {string}
 */
export function assignRequestId(headers) {
  const incoming = headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  headers['x-request-id'] = id;
  return id;
}

/**
 * The content security policy of a page: scripts only from this origin or carrying this request's
 * nonce. Next.js reads the nonce from the policy in the request's headers and puts it on every script
 * it writes into the page.
 * @param {string} nonce
 * @param {boolean} dev
 */
export function contentSecurityPolicy(nonce, dev) {
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

/**
 * A page's policy with a fresh nonce, in the request's headers (for Next.js) and returned (for the
 * answer); null for what renders no HTML: API routes, which answer JSON, and Next's static files.
 * @param {string | undefined} url
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {boolean} dev
 * @returns {string | null}
 */
export function assignPagePolicy(url, headers, dev) {
  const path = url ?? '/';
  if (path.startsWith('/api/') || path.startsWith('/_next/')) {
    delete headers['content-security-policy'];
    return null;
  }
  const policy = contentSecurityPolicy(Buffer.from(randomUUID()).toString('base64'), dev);
  headers['content-security-policy'] = policy;
  return policy;
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=[^;\s]/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * @typedef {{ status: number; code: string; message: string; messageKm: string }} Refusal
 */

/**
 * Whether to refuse the request before its body is read, and why. Only what needs no body and no
 * database: who may do what is checked by every action and route handler itself.
 * @param {{ method: string | undefined; url: string | undefined; headers: Record<string, string | string[] | undefined> }} req
 * @param {{ host: string; proto: string }} client
 * @returns {Refusal | null}
 */
export function refusal(req, client) {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = req.url ?? '/';
  const pathname = url.split('?')[0] ?? '/';
  try {
    decodeURIComponent(pathname);
  } catch {
    return {
      status: 400,
      code: 'BAD_PATH',
      message: 'The address is not valid.',
      messageKm: 'អាសយដ្ឋាននេះមិនត្រឹមត្រូវទេ។',
    };
  }

  if (UNSAFE.has(method)) {
    // Cross-site request forgery: a browser names the page's origin on every write; it must be ours.
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (origin !== undefined && originHost(origin) !== client.host.toLowerCase())
      return {
        status: 403,
        code: 'FORBIDDEN',
        message: 'This request came from another site and was refused.',
        messageKm: 'សំណើនេះមកពីគេហទំព័រផ្សេង ហើយត្រូវបានបដិសេធ។',
      };
  }

  const lengthHeader = req.headers['content-length'];
  const hasBody = lengthHeader !== undefined || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return null;
  const length = typeof lengthHeader === 'string' && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  if (lengthHeader !== undefined && length === null)
    return { status: 400, code: 'BAD_LENGTH', message: 'Content-Length is not valid.', messageKm: 'ប្រវែងមិនត្រឹមត្រូវ។' };
  const signedIn = SESSION_COOKIE.test(String(req.headers.cookie ?? ''));
  const upload = uploadRouteOf(method, pathname);
  if (upload) {
    // The handler checks the session itself and counts the bytes as they come; this only spares
    // reading a body that could never be accepted.
    if (!signedIn) return unauthenticated();
    if (length !== null && length > upload.maxBytes) return tooLarge(upload.maxBytes);
    return null;
  }
  // Forms and server actions: browsers always send a length for them, so a body without one is not
  // a form and is refused rather than read to find out how long it is.
  if (length === null)
    return {
      status: 411,
      code: 'LENGTH_REQUIRED',
      message: 'A request body needs a Content-Length.',
      messageKm: 'សំណើត្រូវមាន Content-Length។',
    };
  if (!signedIn && length > ANONYMOUS_BODY_LIMIT) return unauthenticated();
  if (length > ACTION_BODY_LIMIT) return tooLarge(ACTION_BODY_LIMIT);
  return null;
}

function originHost(origin) {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '\u0000invalid';
  }
}

function unauthenticated() {
  return { status: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.', messageKm: 'សូមចូលប្រើជាមុនសិន។' };
}

function tooLarge(limit) {
  const mb = Math.round((limit / (1024 * 1024)) * 10) / 10;
  return {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request is too large (at most ${mb} MB).`,
    messageKm: `សំណើធំពេក (យ៉ាងច្រើន ${mb} MB)។`,
  };
}
