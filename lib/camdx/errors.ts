import 'server-only';

/**
 * Where a CamDX call failed. `config` and `input` are ours (nothing was sent); `xroad` is a security
 * server's own error (X-Road-Error header); `provider` is the registry's HTTP error without that header;
 * `business` is a DCI rejection of the whole message; `protocol` is a response we cannot read.
 */
export type CamdxErrorKind =
  'config' | 'input' | 'xroad' | 'network' | 'timeout' | 'tls' | 'provider' | 'business' | 'protocol';

export interface CamdxErrorDetails {
  status?: number;
  xRoadId?: string;
  xRoadRequestId?: string;
  /** False when the code is in none of camdx.md's lists and was classified by its prefix. */
  known?: boolean;
}

/** A failed CamDX call. The code is kept as the security server or registry spelt it, for administrators. */
export class CamdxError extends Error {
  constructor(
    readonly kind: CamdxErrorKind,
    readonly code: string,
    readonly retryable: boolean,
    message: string,
    readonly details: CamdxErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CamdxError';
  }
}

/** A configuration problem found before any request was sent; an administrator has to fix it. */
export class CamdxConfigError extends CamdxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', 'CONFIG', false, message, {}, options);
    this.name = 'CamdxConfigError';
  }
}

// camdx.md §1. Names are compared without case and without '_', so X-Road 7.8's
// `server.serverproxy.access_denied` and 6.x/7.x's `Server.ServerProxy.AccessDenied` meet.
const RETRYABLE = new Set([
  'networkerror',
  'ioerror',
  'internalerror',
  'databaseerror',
  'timestampingfailed',
  'outdatedglobalconf',
  'maintenancemode',
  'timeout',
]);
const PERMANENT = new Set([
  'accessdenied',
  'unknownservice',
  'servicedisabled',
  'unknownmember',
  'invalidclientidentifier',
  'invalidsecurityserver',
  'sslauthenticationfailed',
  'badrequest',
  'invalidhttpmethod',
  'missingrest',
  'servicemissingurl',
]);
// Leading segments that only say where the error arose (consumer, client proxy, server proxy).
const ORIGIN = new Set(['server', 'client', 'serverproxy', 'clientproxy']);

function segments(code: string): string[] {
  return code
    .split('.')
    .map((s) => s.trim().toLowerCase().replaceAll('_', ''))
    .filter(Boolean);
}

export interface XRoadClassification {
  retryable: boolean;
  known: boolean;
}

function classifyName(name: string): XRoadClassification | null {
  if (name.startsWith('servicefailed')) return { retryable: true, known: true };
  if (RETRYABLE.has(name)) return { retryable: true, known: true };
  if (PERMANENT.has(name)) return { retryable: false, known: true };
  return null;
}

/**
 * Retry or raise for an administrator, per camdx.md. The first segment after the origin prefixes names
 * the error (later ones are details, as in `ServiceFailed.HttpError`); when it is unknown the other
 * segments are tried. An unknown `Client.*` code is the request's fault (permanent); an unknown
 * `Server.*` code is treated as transient, since a security server's own trouble usually passes.
 */
export function classifyXRoadCode(code: string): XRoadClassification {
  const segs = segments(code);
  let i = 0;
  while (i < segs.length - 1 && ORIGIN.has(segs[i]!)) i++;
  for (const name of segs.slice(i)) {
    const hit = classifyName(name);
    if (hit) return hit;
  }
  return { retryable: segs[0] !== 'client', known: false };
}

// DCI error codes (ibr_api Error.code); these three say "later", the rest say "this request is wrong".
const DCI_RETRYABLE = new Set(['err.request.timeout', 'err.request.too_many_requests', 'err.service.unavailable']);

/** A DCI `err.*` or `rjct.*` code: retryable only when the registry said it is busy or timed out. */
export function classifyDciCode(code: string, httpStatus?: number): XRoadClassification {
  const c = code.trim().toLowerCase();
  if (DCI_RETRYABLE.has(c)) return { retryable: true, known: true };
  if (c.startsWith('err.') || c.startsWith('rjct.')) return { retryable: false, known: true };
  if (httpStatus === undefined) return { retryable: false, known: false };
  return { retryable: httpStatus >= 500 || httpStatus === 408 || httpStatus === 429, known: false };
}

// Node's socket and TLS error codes.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TLS_PREFIXES = ['ERR_TLS_', 'ERR_SSL_', 'CERT_', 'UNABLE_TO_', 'DEPTH_ZERO_', 'SELF_SIGNED_', 'ERR_OSSL_'];

/**
 * A failure below HTTP. Resets, refusals and DNS hiccups pass; a certificate the other side refuses (or
 * we refuse) does not pass by itself, so it is permanent and goes to an administrator.
 */
export function networkError(err: unknown): CamdxError {
  if (err instanceof CamdxError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : 'NETWORK';
  if (TLS_PREFIXES.some((p) => text.startsWith(p)) || text === 'EPROTO') {
    return new CamdxError(
      'tls',
      text,
      false,
      `TLS failure talking to the security server (${text})`,
      {},
      { cause: err },
    );
  }
  const known = NETWORK_CODES.has(text);
  return new CamdxError(
    'network',
    text,
    true,
    `Network failure talking to the security server (${text})`,
    { known },
    { cause: err },
  );
}
