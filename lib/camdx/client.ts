import 'server-only';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { systemLogger } from '@/lib/log';
import type { CamdxConfig } from './config';
import { CamdxConfigError, CamdxError, networkError } from './errors';
import {
  checkClientId,
  checkServiceId,
  clientHeader,
  formatId,
  representedPartyHeader,
  servicePath,
  type RepresentedParty,
  type XRoadServiceId,
} from './identifiers';
import { interpretResponse } from './response';
import { createAgent, send, type RawResponse, type TransportOptions } from './transport';

/**
 * A message's identity: its X-Road-Id and DCI message_id. The outbox stores it before the first
 * attempt, so a retry of the same message — in this call or after a restart — carries the same id.
 */
export interface MessageIdentity {
  id: string;
}

export function newMessageIdentity(): MessageIdentity {
  return { id: randomUUID() };
}

export interface CallContext {
  /** Our id of the staff user who caused the call; sent as X-Road-UserId with the country prefix KH. */
  userId: string;
  /** Links related calls, e.g. a sync batch (X-Road-Issue). */
  issue?: string;
  /** The operator the platform acts for (X-Road-Represented-Party); from the operator's settings. */
  representedParty?: RepresentedParty;
  /** Omitted: a fresh message. Pass the stored identity to send the same message again. */
  message?: MessageIdentity;
}

/** What the security servers said about the exchange: evidence worth keeping with the outcome. */
export interface CallMeta {
  xRoadId: string;
  xRoadRequestId?: string;
  /** The provider security server's hash of our request (non-repudiation evidence). */
  xRoadRequestHash?: string;
  xRoadService?: string;
  status: number;
  attempts: number;
}

export interface CallSpec<T> {
  /** The service addressed; null for the security server's own listClients. */
  service: XRoadServiceId | null;
  method: 'GET' | 'POST';
  /** Below the service id, e.g. `/registry/sync/search`; for listClients the whole path. */
  path: string;
  body?: unknown;
  schema: z.ZodType<T>;
  ctx: CallContext;
}

// Printable ASCII only: these values go into HTTP headers.
const HEADER_VALUE = /^[\x21-\x7E]{1,200}$/;

function headerValue(value: string, label: string): string {
  if (!HEADER_VALUE.test(value))
    throw new CamdxError('input', 'INVALID_HEADER', false, `${label} must be 1–200 printable ASCII characters`);
  return value;
}

/** X-Road-UserId: our user id with the two-letter country prefix PR-REST asks for. */
export function xRoadUserId(userId: string): string {
  return headerValue(userId.startsWith('KH') ? userId : `KH${userId}`, 'userId');
}

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The X-Road REST (r1) client for the operator's own security server. One per configuration. */
export class CamdxClient {
  private readonly agent: http.Agent;
  private readonly transport: TransportOptions;
  private readonly log: Logger;

  constructor(readonly config: CamdxConfig) {
    const strict = config.strictIdentifiers;
    let base: URL;
    try {
      base = new URL(config.securityServerUrl);
    } catch (cause) {
      throw new CamdxConfigError('security server URL is not a URL', { cause });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new CamdxConfigError('security server URL must be http or https');
    if (base.search || base.hash) throw new CamdxConfigError('security server URL must have no query or fragment');
    checkClientId(config.client, 'client id', strict);
    checkServiceId(config.sprService, 'SPR service id', strict);
    if (config.moiService) checkServiceId(config.moiService, 'MoI service id', strict);
    this.agent = createAgent(base, config.tls);
    this.transport = {
      baseUrl: base,
      agent: this.agent,
      connectTimeoutMs: config.connectTimeoutMs,
      totalTimeoutMs: config.totalTimeoutMs,
      maxResponseBytes: config.maxResponseBytes ?? 10 * 1024 * 1024,
    };
    this.log = config.logger ?? systemLogger('camdx');
  }

  /** Headers and path are built (and checked) before anything is sent. */
  private prepare(spec: CallSpec<unknown>, xRoadId: string) {
    const { ctx } = spec;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-road-client': clientHeader(this.config.client),
      'x-road-id': headerValue(xRoadId, 'message id'),
      'x-road-userid': xRoadUserId(ctx.userId),
    };
    if (ctx.issue !== undefined) headers['x-road-issue'] = headerValue(ctx.issue, 'issue');
    if (ctx.representedParty) {
      headers['x-road-represented-party'] = representedPartyHeader(ctx.representedParty, this.config.strictIdentifiers);
    }
    let body: Buffer | undefined;
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = Buffer.from(JSON.stringify(spec.body), 'utf8');
    }
    const path = spec.service ? servicePath(spec.service, spec.path) : spec.path;
    return { method: spec.method, path, headers, body };
  }

  /**
   * Send one message, retrying retryable failures with exponential backoff and jitter under the same
   * X-Road-Id. Every attempt is logged (ids, hash, status, duration, error code; never a body).
   */
  async call<T>(spec: CallSpec<T>): Promise<{ data: T; meta: CallMeta }> {
    const xRoadId = spec.ctx.message?.id ?? randomUUID();
    const request = this.prepare(spec, xRoadId);
    const service = spec.service ? formatId(spec.service) : undefined;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let res: RawResponse | undefined;
      try {
        res = await send(this.transport, request);
        const meta = this.meta(res, xRoadId, attempt);
        const data = interpretResponse(res, xRoadId, spec.schema);
        this.log.info(this.line(request, service, meta, started), 'camdx call');
        return { data, meta };
      } catch (e) {
        const err = e instanceof CamdxError ? e : networkError(e);
        err.details.xRoadId ??= xRoadId;
        const meta = res ? this.meta(res, xRoadId, attempt) : { xRoadId, status: 0, attempts: attempt };
        const line = {
          ...this.line(request, service, meta, started),
          errorKind: err.kind,
          errorCode: err.code,
          retryable: err.retryable,
          // A response we could not read says why in our own words (never a body: it may hold personal data).
          ...(err.kind === 'protocol' ? { detail: err.message } : {}),
        };
        if (!err.retryable || attempt >= this.config.maxAttempts) {
          this.log.warn(line, 'camdx call failed');
          throw err;
        }
        this.log.info(line, 'camdx call failed, retrying');
        await sleep(this.backoff(attempt));
      }
    }
  }

  private meta(res: RawResponse, xRoadId: string, attempts: number): CallMeta {
    return {
      // Ours: an answer echoing another id is refused (response.ts), and the log must name our message.
      xRoadId,
      xRoadRequestId: last(res.headers['x-road-request-id']),
      xRoadRequestHash: last(res.headers['x-road-request-hash']),
      xRoadService: last(res.headers['x-road-service']),
      status: res.status,
      attempts,
    };
  }

  private line(
    request: { method: string; path: string },
    service: string | undefined,
    meta: CallMeta,
    started: number,
  ) {
    return {
      event: 'camdx.call',
      method: request.method,
      path: request.path,
      service,
      xRoadId: meta.xRoadId,
      xRoadRequestId: meta.xRoadRequestId,
      xRoadRequestHash: meta.xRoadRequestHash,
      xRoadService: meta.xRoadService,
      status: meta.status,
      attempt: meta.attempts,
      durationMs: Math.round(performance.now() - started),
    };
  }

  private backoff(attempt: number): number {
    const base = this.config.retryBaseMs * 2 ** (attempt - 1);
    return Math.min(30_000, Math.round(base * (0.5 + Math.random() / 2)));
  }

  /** Closes idle keep-alive connections (tests; shutdown). */
  close(): void {
    this.agent.destroy();
  }
}
