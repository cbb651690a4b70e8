import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionBodyProblem } from '@/lib/http/action-body';
import { parseTrustedProxies, resolveClient, type Trust } from '@/lib/http/edge.mjs';
import { ACTION_BODY_LIMIT, GAZETTEER_UPLOAD_BYTES } from '@/lib/http/limits.mjs';
import { edgeListener } from '@/lib/http/server.mjs';
import { clientAddressFrom } from '@/lib/request';

// The app's server in front of Next (lib/http/server.mjs), here in front of a handler that echoes what
// it was given: what Next and the app would see, and what is refused before a byte of the body is read.

const SESSION = 'next-auth.session-token=abc';

interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw request head (and optionally part of a body) and returns what came back. */
function raw(port: number, head: string, body = ''): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (data += d));
    socket.on('error', (e) => (data ? undefined : reject(e)));
    socket.on('close', () => {
      const [top = '', rest = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = top.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest });
    });
    setTimeout(() => socket.destroy(), 3000);
  });
}

function post(path: string, headers: Record<string, string | number>, body = '') {
  const lines = Object.entries({ host: 'sdp.example', connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

describe('the app’s server in front of Next', () => {
  let server: Server;
  let port = 0;
  let trust: Trust = { kind: 'none' };
  const reached: { url: string; headers: IncomingHttpHeaders; bytes: number }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) =>
      edgeListener(
        (rq, rs) => {
          let bytes = 0;
          rq.on('data', (d: Buffer) => (bytes += d.length));
          rq.on('end', () => {
            reached.push({ url: rq.url ?? '', headers: rq.headers, bytes });
            rs.end('reached');
          });
        },
        { trust, token: 'token-of-this-process' },
      )(req, res),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses a 50 MB action body without a session (401) and with one (413) before it is sent', async () => {
    reached.length = 0;
    const head = (cookie?: string) =>
      post('/households/new', {
        'next-action': 'abc123',
        'content-type': 'text/plain;charset=UTF-8',
        'content-length': 50 * 1024 * 1024,
        ...(cookie ? { cookie } : {}),
      });
    // Only the head is sent: an answer at all shows the server did not wait for the body.
    const anonymous = await raw(port, head());
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
    const signedIn = await raw(port, head(SESSION));
    expect(signedIn.status).toBe(413);
    expect(JSON.parse(signedIn.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    // Over the anonymous limit but under the signed-in one: a session is needed.
    expect((await raw(port, post('/', { 'content-length': 200 * 1024 }))).status).toBe(401);
    expect(reached).toHaveLength(0);
  });

  it('lets a form of ordinary size through, and an upload up to its route’s own limit', async () => {
    reached.length = 0;
    const form = await raw(port, post('/households/new', { 'content-length': 5, cookie: SESSION }, 'hello'));
    expect(form.status).toBe(200);
    expect(reached[0]).toMatchObject({ url: '/households/new', bytes: 5 });
    const over = ACTION_BODY_LIMIT + 1;
    expect((await raw(port, post('/api/v1/gazetteer/upload', { 'content-length': over }))).status).toBe(401);
    expect(
      (await raw(port, post('/api/v1/gazetteer/upload', { 'content-length': 3, cookie: SESSION }, 'abc'))).status,
    ).toBe(200);
    const tooBig = GAZETTEER_UPLOAD_BYTES + 1024 * 1024;
    expect(
      (await raw(port, post('/api/v1/gazetteer/upload', { 'content-length': tooBig, cookie: SESSION }))).status,
    ).toBe(413);
  });

  it('refuses a form body of unknown length (411), a bad length (400) and a path that does not decode (400)', async () => {
    const chunked = await raw(
      port,
      post('/households/new', { 'transfer-encoding': 'chunked', cookie: SESSION }, '5\r\nhello\r\n0\r\n\r\n'),
    );
    expect(chunked.status).toBe(411);
    expect((await raw(port, post('/', { 'content-length': '12abc', cookie: SESSION }))).status).toBe(400);
    for (const path of ['/households/%d8', '/members/%ff', '/api/v1/households/%d8']) {
      const res = await raw(
        port,
        `GET ${path} HTTP/1.1\r\nhost: sdp.example\r\naccept: text/html\r\nconnection: close\r\n\r\n`,
      );
      expect(res.status, path).toBe(400);
    }
  });

  it('refuses a write from another origin with 403, whatever X-Forwarded-Host says', async () => {
    reached.length = 0;
    const evil = await raw(
      port,
      post(
        '/households/new',
        { origin: 'http://evil.test', 'x-forwarded-host': 'evil.test', 'content-length': 2, cookie: SESSION },
        '[]',
      ),
    );
    expect(evil.status).toBe(403);
    const same = await raw(
      port,
      post('/households/new', { origin: 'http://sdp.example', 'content-length': 2, cookie: SESSION }, '[]'),
    );
    expect(same.status).toBe(200);
    expect(reached).toHaveLength(1);
  });

  it('without trusted proxies, believes the socket: forwarded headers a client wrote are replaced', async () => {
    reached.length = 0;
    await raw(
      port,
      `GET /x HTTP/1.1\r\nhost: sdp.example\r\nx-forwarded-for: 203.0.113.7, 198.51.100.99\r\nx-forwarded-host: evil.test\r\n` +
        `x-forwarded-proto: https\r\nx-sdp-client-address: 198.51.100.1\r\nx-sdp-edge: guessed\r\nconnection: close\r\n\r\n`,
    );
    const seen = reached[0]!.headers;
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-sdp-client-address']).toBe('127.0.0.1');
    expect(seen['x-forwarded-host']).toBe('sdp.example');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-sdp-edge']).toBe('token-of-this-process');
  });

  it('gives every request an id, in what the app sees and in the answer; keeps a well-formed one sent', async () => {
    reached.length = 0;
    const fresh = await raw(port, `GET /api/v1/search?q=a HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n`);
    const kept = await raw(
      port,
      `GET /x HTTP/1.1\r\nhost: a\r\nx-request-id: nginx-7f3a9c2e01\r\nconnection: close\r\n\r\n`,
    );
    const replaced = await raw(
      port,
      `GET /x HTTP/1.1\r\nhost: a\r\nx-request-id: <script>\r\nconnection: close\r\n\r\n`,
    );
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reached[0]!.headers['x-request-id']).toBe(fresh.headers['x-request-id']);
    expect(kept.headers['x-request-id']).toBe('nginx-7f3a9c2e01');
    expect(reached[1]!.headers['x-request-id']).toBe('nginx-7f3a9c2e01');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reached[2]!.headers['x-request-id']).toBe(replaced.headers['x-request-id']);
    // A refusal carries one too, so a caller can quote it.
    const refused = await raw(port, `GET /%E0%A4%A HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n`);
    expect(refused.status).toBe(400);
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives a page a content policy with a fresh nonce, for Next (request) and the browser (answer); no API route', async () => {
    reached.length = 0;
    const page = await raw(port, `GET /households HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n`);
    const again = await raw(port, `GET /households HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n`);
    const forged = await raw(
      port,
      `GET /api/v1/search?q=a HTTP/1.1\r\nhost: a\r\ncontent-security-policy: script-src *\r\nconnection: close\r\n\r\n`,
    );
    const policy = page.headers['content-security-policy']!;
    expect(policy).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]{40,}' 'strict-dynamic'; /);
    expect(policy).not.toContain('unsafe-eval');
    expect(reached[0]!.headers['content-security-policy']).toBe(policy);
    expect(again.headers['content-security-policy']).not.toBe(policy);
    // JSON needs none; and a policy a client sent never reaches Next as if it were ours.
    expect(forged.headers['content-security-policy']).toBeUndefined();
    expect(reached[2]!.headers['content-security-policy']).toBeUndefined();
  });

  it('sends HSTS only over https (here: said by a trusted proxy)', async () => {
    trust = { kind: 'none' };
    const plain = await raw(
      port,
      `GET /x HTTP/1.1\r\nhost: a\r\nx-forwarded-proto: https\r\nconnection: close\r\n\r\n`,
    );
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const proxied = createServer(
      edgeListener((_, rs) => rs.end('ok'), { trust: parseTrustedProxies('127.0.0.1'), token: 't' }),
    );
    await new Promise<void>((r) => proxied.listen(0, '127.0.0.1', r));
    const p = (proxied.address() as { port: number }).port;
    const https = await raw(
      p,
      `GET /x HTTP/1.1\r\nhost: a\r\nx-forwarded-for: 203.0.113.7\r\nx-forwarded-proto: https\r\nconnection: close\r\n\r\n`,
    );
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await new Promise<void>((r) => proxied.close(() => r()));
  });
});

describe('the client address behind proxies', () => {
  const req = (xff?: string, socket = '10.0.0.2', extra: Record<string, string> = {}) => ({
    socketAddress: socket,
    encrypted: false,
    headers: { host: 'sdp.example', ...(xff ? { 'x-forwarded-for': xff } : {}), ...extra },
  });

  it('with no trusted proxy is the socket, whatever X-Forwarded-For says (the sign-in limit’s bypass)', () => {
    const none = parseTrustedProxies('');
    expect(resolveClient(req('203.0.113.7, 198.51.100.99', '203.0.113.7'), none).address).toBe('203.0.113.7');
    expect(resolveClient(req(undefined, '::ffff:203.0.113.7'), none).address).toBe('203.0.113.7');
  });

  it('with N hops is the N-th entry from the right, never one further left that the client wrote', () => {
    const one = parseTrustedProxies('1');
    expect(resolveClient(req('198.51.100.99, 203.0.113.7'), one).address).toBe('203.0.113.7');
    expect(resolveClient(req('203.0.113.7'), parseTrustedProxies('2')).address).toBe('203.0.113.7');
    expect(resolveClient(req('198.51.100.99, 203.0.113.7, 10.0.0.3'), parseTrustedProxies('2')).address).toBe(
      '203.0.113.7',
    );
  });

  it('with a list of proxies steps over every trusted address from the right', () => {
    const list = parseTrustedProxies('10.0.0.0/8, 2001:db8::/32');
    expect(resolveClient(req('198.51.100.99, 203.0.113.7, 10.1.2.3'), list).address).toBe('203.0.113.7');
    // Straight from the internet (an untrusted socket): its headers are not believed at all.
    const direct = resolveClient(req('198.51.100.99', '203.0.113.9', { 'x-forwarded-host': 'evil.test' }), list);
    expect(direct).toEqual({ address: '203.0.113.9', host: 'sdp.example', proto: 'http' });
    // Through the proxy: the host and scheme it wrote (its own, rightmost, value).
    const via = resolveClient(
      req('203.0.113.7', '10.0.0.2', { 'x-forwarded-host': 'evil.test, sdp.gov.kh', 'x-forwarded-proto': 'https' }),
      list,
    );
    expect(via).toEqual({ address: '203.0.113.7', host: 'sdp.gov.kh', proto: 'https' });
  });

  it('refuses a setting it cannot read, so the server does not start on it', () => {
    for (const bad of ['11', 'proxy.local', '10.0.0.0/33', '1.2.3.4/8/1'])
      expect(() => parseTrustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
  });

  it('reaches the app only with the server’s token: a header a client made up is no address', () => {
    (globalThis as { __sdpEdgeToken?: string }).__sdpEdgeToken ??= 'token';
    const token = (globalThis as { __sdpEdgeToken?: string }).__sdpEdgeToken!;
    expect(clientAddressFrom(new Headers({ 'x-sdp-client-address': '203.0.113.7', 'x-sdp-edge': token }))).toBe(
      '203.0.113.7',
    );
    expect(clientAddressFrom(new Headers({ 'x-sdp-client-address': '203.0.113.7' }))).toBe('unknown');
    expect(clientAddressFrom(new Headers({ 'x-forwarded-for': '203.0.113.7' }))).toBe('unknown');
  });
});

describe('a server action’s body, as React’s decoder needs it', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it('takes what React’s client sends', () => {
    expect(
      actionBodyProblem(
        JSON.stringify([{ household: { notes: '$$100' }, x: '$undefined', d: '$D2026-12-06T00:00:00.000Z' }]),
      ),
    ).toBeNull();
    expect(actionBodyProblem('[]')).toBeNull();
    const form = new FormData();
    form.set('0', '["$K1"]');
    form.set('1_programmeId', 'abc');
    expect(actionBodyProblem(form)).toBeNull();
    const outlined = new FormData();
    outlined.set('0', '[{"a":"$1"},"$1"]');
    outlined.set('1', '{"b":2}');
    expect(actionBodyProblem(outlined)).toBeNull();
  });

  it('refuses what makes it throw: not JSON, no argument list, deep nesting, unknown or dangling references', () => {
    for (const bad of ['{', 'null', '{"a":1}', nested(5000), '["$Q7"]', '["$@1"]', '["$Zzz"]', '["$1"]'])
      expect(actionBodyProblem(bad), bad.slice(0, 20)).not.toBeNull();
    const dangling = new FormData();
    dangling.set('0', '["$3"]');
    expect(actionBodyProblem(dangling)).toBe('part 0: reference to a missing part');
    const noRoot = new FormData();
    noRoot.set('1', '[]');
    expect(actionBodyProblem(noRoot)).toBe('no argument list');
  });
});
