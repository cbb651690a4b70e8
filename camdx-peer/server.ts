import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { control } from './control';
import type { Reply } from './dci';
import { Faults, type Rule } from './faults';
import { loadFixtures, verifyKhmerId, type KhmerIdFixture } from './khmer-id';
import { clientsOf, methodsOf, sameSubsystem, type PeerService } from './meta';
import { DEFAULT_MODES, Modes, type ModeSettings } from './modes';
import { emptyState, RegistrySim, type RegistryState } from './registry';
import {
  checkRepresentedParty,
  errorBody,
  parseClient,
  parseR1,
  XRoadFault,
  type R1Target,
  type Spelling,
} from './xroad';

export const DEFAULT_SPR_SERVICE = 'CAMBODIA/GOV/SPR-DEV/SPR/registry';
export const DEFAULT_MOI_SERVICE = 'CAMBODIA/GOV/MOI-DEV/KHMERID/khmerid';
/** A request header that picks the error spelling for one request (tests). */
export const SPELLING_HEADER = 'x-camdx-peer-error-spelling';

export interface PeerOptions {
  host?: string;
  port?: number;
  /** https; with requireClientCert, mutual TLS against `ca`. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer; requireClientCert?: boolean };
  sprService?: string;
  moiService?: string;
  /** Clients (INSTANCE/CLASS/MEMBER/SUBSYSTEM) with access rights; unset: every client. */
  allowedClients?: string[];
  spelling?: Spelling;
  strictIdentifiers?: boolean;
  faults?: Rule[];
  seed?: number;
  stateFile?: string;
  fixtures?: KhmerIdFixture[];
  /** How the registry answers (modes.ts); by default as our contract: sync, SPID in the extension. */
  modes?: Partial<ModeSettings>;
  log?: (entry: Record<string, unknown>) => void;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: string;
}

export interface RunningPeer {
  url: string;
  port: number;
  registry: RegistrySim;
  faults: Faults;
  modes: Modes;
  /** What clients sent (the last 500), personal data included: memory only, never logged. */
  requests: RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const split = (id: string) => id.split('/') as PeerService['id'];

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startPeer(options: PeerOptions = {}): Promise<RunningPeer> {
  const strict = options.strictIdentifiers ?? true;
  const spr: PeerService = {
    id: split(options.sprService ?? DEFAULT_SPR_SERVICE),
    endpoints: ['/registry/sync/enrollment/updates', '/registry/sync/search', '/registry/sync/txn/status'].map(
      (path) => ({ method: 'POST', path }),
    ),
  };
  const moi: PeerService = {
    id: split(options.moiService ?? DEFAULT_MOI_SERVICE),
    endpoints: [{ method: 'POST', path: '/registry/sync/verify' }],
  };
  const fixtures = options.fixtures ?? loadFixtures();
  const log = options.log ?? (() => {});
  const file = options.stateFile;
  const initial: RegistryState =
    file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RegistryState) : emptyState();
  const registry = new RegistrySim(
    initial,
    file ? () => writeFileSync(file, JSON.stringify(registry.state)) : undefined,
  );
  const faults = new Faults(options.faults ?? [], options.seed);
  const modes = new Modes({ ...DEFAULT_MODES, ...options.modes });
  const requests: RecordedRequest[] = [];

  function resolveService(id: string[]): 'spr' | 'moi' | 'listMethods' | 'allowedMethods' {
    if (id.join('/') === spr.id.join('/')) return 'spr';
    if (id.join('/') === moi.id.join('/')) return 'moi';
    const known = [spr, moi].some((s) => sameSubsystem(s.id, id));
    if (known && (id[4] === 'listMethods' || id[4] === 'allowedMethods')) return id[4];
    if (known) throw new XRoadFault('Server.ServerProxy.UnknownService', `Unknown service ${id.join('/')}`);
    throw new XRoadFault('Server.ClientProxy.UnknownMember', `Unknown provider ${id.slice(0, 4).join('/')}`);
  }

  function dispatch(
    kind: ReturnType<typeof resolveService>,
    target: R1Target,
    method: string,
    body: Buffer,
    client: string,
    allowed: boolean,
  ): Reply {
    const path = target.rest.split('?')[0];
    if (kind === 'listMethods' || kind === 'allowedMethods') {
      // allowedMethods lists nothing for a client without access rights; listMethods lists all.
      return {
        status: 200,
        body: kind === 'allowedMethods' && !allowed ? { service: [] } : methodsOf([spr, moi], target.service),
      };
    }
    if (method !== 'POST')
      return { status: 405, body: { errors: [{ code: 'err.request.bad', message: 'POST only' }] } };
    const data = json(body);
    if (kind === 'moi') {
      if (path !== '/registry/sync/verify')
        return { status: 404, body: { errors: [{ code: 'err.request.not_found', message: path }] } };
      return verifyKhmerId(data, fixtures, { sender: client, receiver: moi.id.join('/') });
    }
    const ids = { sender: client, receiver: spr.id.join('/') };
    if (path === '/registry/sync/enrollment/updates')
      return registry.enrollmentUpdates(client, data, ids, modes.forMessage(body.toString('utf8')));
    if (path === '/registry/sync/search') return registry.search(client, data, ids);
    if (path === '/registry/sync/txn/status') return registry.txnStatus(client, data, ids, modes.txnStatusForm);
    return { status: 404, body: { errors: [{ code: 'err.request.not_found', message: path }] } };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, peer: RunningPeer) {
    const started = Date.now();
    const body = await readBody(req);
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (url.startsWith('/__peer/')) {
      const out = control(peer, method, url.split('?')[0]!, json(body));
      return send(res, out.status, out.body);
    }
    requests.push({ method, url, headers: req.headers, body: body.toString('utf8'), at: new Date().toISOString() });
    if (requests.length > 500) requests.shift();
    const xRoadId = typeof req.headers['x-road-id'] === 'string' ? req.headers['x-road-id'] : randomUUID();
    const requested = req.headers[SPELLING_HEADER];
    let spelling: Spelling =
      requested === 'modern' || requested === 'legacy' ? requested : (options.spelling ?? 'legacy');
    const entry: Record<string, unknown> = { event: 'request', method, path: url.split('?')[0], xRoadId };
    const finish = (status: number | 'dropped', extra: Record<string, unknown> = {}) =>
      log({ ts: new Date().toISOString(), ...entry, status, durationMs: Date.now() - started, ...extra });
    try {
      if (url === '/listClients' || url.startsWith('/listClients?')) {
        send(res, 200, clientsOf([spr.id, moi.id, ...(options.allowedClients ?? []).map((c) => c.split('/'))]));
        return finish(200);
      }
      if (req.headers['x-road-request-hash'] !== undefined) {
        throw new XRoadFault(
          'Client.BadRequest',
          'X-Road-Request-Hash is set by the provider security server; a client must not send it',
        );
      }
      const target = parseR1(url, strict);
      const client = parseClient(req.headers['x-road-client'], strict).join('/');
      entry.client = client;
      checkRepresentedParty(req.headers['x-road-represented-party'], strict);
      const kind = resolveService(target.service);
      const allowed = !options.allowedClients || options.allowedClients.includes(client);
      if (!allowed && kind !== 'listMethods' && kind !== 'allowedMethods') {
        throw new XRoadFault('Server.ServerProxy.AccessDenied', `Request is not allowed: ${target.service.join('/')}`);
      }
      const decision = faults.decide(url);
      if (decision.latencyMs) await sleep(decision.latencyMs);
      const fault = decision.fault;
      if (fault) entry.fault = fault.kind;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return finish('dropped');
      }
      if (fault?.kind === 'xroad-error') {
        spelling = fault.spelling ?? spelling;
        throw new XRoadFault(fault.code, 'Injected fault');
      }
      const reply: Reply =
        fault?.kind === 'http-error'
          ? {
              status: fault.status,
              body: { errors: [{ code: fault.code ?? 'err.service.unavailable', message: 'Injected fault' }] },
            }
          : dispatch(kind, target, method, body, client, allowed);
      if (fault?.kind === 'lose-response') {
        req.socket.destroy();
        return finish('dropped');
      }
      // The registry committed; what comes back is garbled on the way (a proxy's page, a crossed answer).
      if (fault?.kind === 'not-json') {
        res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8', 'x-road-id': xRoadId });
        res.end('<html><body>Gateway says hello</body></html>');
        return finish(reply.status, { garbled: 'not-json' });
      }
      send(res, reply.status, reply.body, {
        'x-road-id': fault?.kind === 'wrong-x-road-id' ? randomUUID() : xRoadId,
        'x-road-request-id': randomUUID(),
        // The brief's simplification of PR-REST §4.3 (which hashes headers and body with SHA-512).
        'x-road-request-hash': createHash('sha256').update(body).digest('base64'),
        'x-road-service': target.service.join('/'),
        'x-road-client': client,
      });
      return finish(reply.status);
    } catch (e) {
      const fault = e instanceof XRoadFault ? e : new XRoadFault('Server.ClientProxy.InternalError', 'Peer failure');
      const type = errorBody(fault, spelling, randomUUID());
      // The security server echoes the message's X-Road-Id on its error answers too.
      send(res, fault.status, type, { 'x-road-error': type.type, 'x-road-id': xRoadId });
      return finish(fault.status, { errorCode: type.type });
    }
  }

  const tls = options.tls;
  const peer: RunningPeer = {
    url: '',
    port: 0,
    registry,
    faults,
    modes,
    requests,
    reset() {
      registry.state = emptyState();
      faults.set([]);
      modes.reset();
      registry.rejections.set([]);
      requests.length = 0;
      if (file) writeFileSync(file, JSON.stringify(registry.state));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res, peer).catch(() => res.destroy());
  };
  const server = tls
    ? https.createServer(
        {
          cert: tls.cert,
          key: tls.key,
          ca: tls.ca,
          requestCert: Boolean(tls.requireClientCert),
          rejectUnauthorized: Boolean(tls.requireClientCert),
        },
        listener,
      )
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  peer.port = (server.address() as AddressInfo).port;
  peer.url = `${tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${peer.port}`;
  return peer;
}
