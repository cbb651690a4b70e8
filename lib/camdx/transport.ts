import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { CamdxError, networkError } from './errors';

/** Client certificate, key and the security server's CA, already read from their files (PEM). */
export interface TlsMaterial {
  cert?: string | Buffer;
  key?: string | Buffer;
  ca?: string | Buffer;
}

export interface TransportOptions {
  baseUrl: URL;
  agent: http.Agent;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
}

export interface RawRequest {
  method: 'GET' | 'POST';
  /** Path and query, already encoded (see identifiers.ts). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One keep-alive agent per client. For https the CA is the security server's (its internal TLS
 * certificate is usually self-made), and a client certificate makes it mutual TLS, X-Road's default.
 */
export function createAgent(baseUrl: URL, tls: TlsMaterial | undefined): http.Agent {
  if (baseUrl.protocol === 'http:') return new http.Agent({ keepAlive: true, maxSockets: 8 });
  return new https.Agent({
    keepAlive: true,
    maxSockets: 8,
    cert: tls?.cert,
    key: tls?.key,
    ca: tls?.ca,
    rejectUnauthorized: true,
  });
}

function timeoutError(phase: 'connect' | 'total', ms: number): CamdxError {
  const code = phase === 'connect' ? 'CONNECT_TIMEOUT' : 'TIMEOUT';
  return new CamdxError(
    'timeout',
    code,
    true,
    `No ${phase === 'connect' ? 'connection to' : 'answer from'} the security server within ${ms} ms`,
  );
}

/**
 * One HTTP exchange with a connect timeout (TCP, and the TLS handshake for https) and a total timeout
 * covering the whole exchange including the body. Redirects are returned, never followed (PR-REST §4.4).
 */
export function send(opts: TransportOptions, req: RawRequest): Promise<RawResponse> {
  const { baseUrl } = opts;
  const isTls = baseUrl.protocol === 'https:';
  const request = (isTls ? https : http).request({
    protocol: baseUrl.protocol,
    hostname: baseUrl.hostname.replace(/^\[|\]$/g, ''),
    port: baseUrl.port || (isTls ? 443 : 80),
    method: req.method,
    path: `${baseUrl.pathname.replace(/\/+$/, '')}${req.path}`,
    headers: req.body ? { ...req.headers, 'content-length': String(req.body.length) } : req.headers,
    agent: opts.agent,
  });

  return new Promise<RawResponse>((resolve, reject) => {
    let connectTimer: NodeJS.Timeout | undefined;
    // Our own reason for tearing the exchange down wins over the reset the socket reports after it.
    let abortReason: CamdxError | undefined;
    const abort = (reason: CamdxError) => {
      abortReason ??= reason;
      request.destroy(reason);
    };
    const totalTimer = setTimeout(() => abort(timeoutError('total', opts.totalTimeoutMs)), opts.totalTimeoutMs);
    const done = () => {
      clearTimeout(totalTimer);
      if (connectTimer) clearTimeout(connectTimer);
    };
    const fail = (err: unknown) => {
      done();
      reject(abortReason ?? networkError(err));
    };

    request.on('socket', (socket) => {
      if (request.reusedSocket) return;
      connectTimer = setTimeout(() => abort(timeoutError('connect', opts.connectTimeoutMs)), opts.connectTimeoutMs);
      const connected = () => clearTimeout(connectTimer);
      if (isTls) (socket as TLSSocket).once('secureConnect', connected);
      else socket.once('connect', connected);
    });

    request.on('error', fail);

    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxResponseBytes) {
          abort(
            new CamdxError(
              'protocol',
              'RESPONSE_TOO_LARGE',
              false,
              `Response larger than ${opts.maxResponseBytes} bytes`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        done();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', fail);
    });

    request.end(req.body);
  });
}
