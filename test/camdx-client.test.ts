import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CamdxError, newMessageIdentity } from '@/lib/camdx';
import { captureLogger, ctx, member, record, peerPerFile, USER_ID } from './helpers/camdx';

const ref = peerPerFile();
const lookup = { type: 'NID', value: '100000001' } as const;

describe('request headers', () => {
  it('sends X-Road-Client, a UUID X-Road-Id, the KH-prefixed user, the batch and the represented party; never a request hash', async () => {
    const c = ref.client();
    await c.searchRegistry(
      lookup,
      ctx({ issue: 'batch-2026-001', representedParty: { memberClass: 'NGO', memberCode: 'PWDF' } }),
    );
    const h = ref.peer.requests[0]!.headers;
    expect(h['x-road-client']).toBe('CAMBODIA/COM/SDP-DEV/SDP');
    expect(h['x-road-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(h['x-road-userid']).toBe(`KH${USER_ID}`);
    expect(h['x-road-issue']).toBe('batch-2026-001');
    expect(h['x-road-represented-party']).toBe('NGO/PWDF');
    expect(h['x-road-request-hash']).toBeUndefined();
    expect(h['content-type']).toBe('application/json; charset=utf-8');
    expect(h.accept).toBe('application/json');
  });

  it('leaves out Issue and Represented-Party when there are none, and sends a code-only party as is', async () => {
    const c = ref.client();
    await c.searchRegistry(lookup, ctx());
    await c.searchRegistry(lookup, ctx({ representedParty: { memberCode: 'PWDF' } }));
    const [a, b] = ref.peer.requests.map((r) => r.headers);
    expect(a!['x-road-issue']).toBeUndefined();
    expect(a!['x-road-represented-party']).toBeUndefined();
    expect(b!['x-road-represented-party']).toBe('PWDF');
  });

  it('never sends Request-Hash, and the peer would refuse it', async () => {
    const res = await fetch(`${ref.peer.url}/r1/CAMBODIA/GOV/SPR-DEV/SPR/registry/registry/sync/search`, {
      method: 'POST',
      headers: { 'x-road-client': 'CAMBODIA/COM/SDP-DEV/SDP', 'x-road-request-hash': 'x' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-road-error')).toBe('Client.BadRequest');
  });

  it('refuses header values that are not printable ASCII before sending', async () => {
    const c = ref.client();
    await expect(c.searchRegistry(lookup, ctx({ issue: 'batch\r\nX-Evil: 1' }))).rejects.toMatchObject({
      kind: 'input',
    });
    await expect(c.searchRegistry(lookup, { userId: 'ស' })).rejects.toMatchObject({ kind: 'input' });
    expect(ref.peer.requests).toHaveLength(0);
  });
});

describe('message identity and retries', () => {
  it('gives each message a fresh X-Road-Id', async () => {
    const c = ref.client();
    await c.searchRegistry(lookup, ctx());
    await c.searchRegistry(lookup, ctx());
    const [a, b] = ref.peer.requests.map((r) => r.headers['x-road-id']);
    expect(a).not.toBe(b);
  });

  it('retries a retryable failure with the same X-Road-Id and the same DCI message', async () => {
    const c = ref.client({ maxAttempts: 3 });
    ref.peer.faults.set([
      { kind: 'xroad-error', code: 'Server.ServerProxy.NetworkError', times: 1 },
      { kind: 'drop', times: 1 },
    ]);
    const message = newMessageIdentity();
    const res = await c.pushEnrollmentUpdates({ batchId: 'b-1', records: [record(member())] }, ctx({ message }));
    expect(res.meta.attempts).toBe(3);
    expect(res.outcomes[0]!.status).toBe('succ');
    const sent = ref.peer.requests;
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers['x-road-id']))).toEqual(new Set([message.id]));
    expect(
      new Set(sent.map((r) => (JSON.parse(r.body) as { header: { message_id: string } }).header.message_id)),
    ).toEqual(new Set([message.id]));
  });

  it('does not retry a permanent failure', async () => {
    const c = ref.client({ maxAttempts: 3 });
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.AccessDenied', times: 1 }]);
    await expect(c.searchRegistry(lookup, ctx())).rejects.toMatchObject({
      code: 'Server.ServerProxy.AccessDenied',
      retryable: false,
    });
    expect(ref.peer.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts and reports the last error, its X-Road-Id kept', async () => {
    const c = ref.client({ maxAttempts: 2 });
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.DatabaseError', spelling: 'modern' }]);
    const message = newMessageIdentity();
    const err = await c.searchRegistry(lookup, ctx({ message })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'server.serverproxy.database_error',
      retryable: true,
      details: { xRoadId: message.id },
    });
    expect(ref.peer.requests).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('a total timeout fires while the security server keeps us waiting, and is retryable', async () => {
    const c = ref.client({ totalTimeoutMs: 300 });
    ref.peer.faults.set([{ kind: 'latency', ms: 1_500 }]);
    const started = Date.now();
    const err = await c.searchRegistry(lookup, ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', code: 'TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(1_200);
  });

  it('the connect timeout does not cover waiting for the answer', async () => {
    const c = ref.client({ connectTimeoutMs: 250, totalTimeoutMs: 4_000 });
    ref.peer.faults.set([{ kind: 'latency', ms: 800 }]);
    await expect(c.searchRegistry(lookup, ctx())).resolves.toMatchObject({ status: 'succ' });
  });

  it('a connect timeout fires when the TLS handshake never completes', async () => {
    // A TCP listener that accepts and never answers the ClientHello: connected, never secured.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const c = ref.client(
      { connectTimeoutMs: 200, totalTimeoutMs: 5_000 },
      `https://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    );
    const started = Date.now();
    const err = await c.searchRegistry(lookup, ctx()).catch((e: unknown) => e);
    sockets.forEach((s) => s.destroy());
    silent.close();
    expect(err).toMatchObject({ kind: 'timeout', code: 'CONNECT_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('logging', () => {
  it('logs every attempt as JSON with the X-Road ids, hash, service, status, duration and error code — no personal data', async () => {
    const { logger, lines, parsed } = captureLogger();
    const c = ref.client({ logger, maxAttempts: 2 });
    const m = member({
      khmerId: '123456789',
      surnameLatin: 'Chhim',
      givenNameLatin: 'Sreyleak',
      phones: ['+85517999888'],
    });
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.NetworkError', times: 1 }]);
    await c.pushEnrollmentUpdates({ batchId: 'b-log', records: [record(m)] }, ctx({ message: newMessageIdentity() }));
    const [failed, ok] = parsed();
    expect(failed).toMatchObject({
      event: 'camdx.call',
      status: 500,
      errorCode: 'Server.ServerProxy.NetworkError',
      errorKind: 'xroad',
      retryable: true,
      attempt: 1,
    });
    expect(ok).toMatchObject({
      event: 'camdx.call',
      status: 200,
      attempt: 2,
      service: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
      xRoadService: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
    });
    expect(ok!.xRoadId).toBe(failed!.xRoadId);
    expect(ok!.xRoadRequestId).toEqual(expect.any(String));
    expect(ok!.xRoadRequestHash).toEqual(expect.any(String));
    expect(ok!.durationMs).toEqual(expect.any(Number));
    const text = lines.join('\n');
    for (const secret of [
      '123456789',
      'Chhim',
      'Sreyleak',
      m.surnameKm,
      m.givenNameKm,
      '+85517999888',
      '1985-03-12',
      m.localId,
      'House 12',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs a failure that ends the call as a warning', async () => {
    const { logger, parsed } = captureLogger();
    const c = ref.client({ logger });
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.AccessDenied' }]);
    await expect(c.searchRegistry(lookup, ctx())).rejects.toBeInstanceOf(CamdxError);
    expect(parsed()[0]).toMatchObject({ level: 40, errorCode: 'Server.ServerProxy.AccessDenied', retryable: false });
  });
});
