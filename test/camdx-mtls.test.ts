import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeer, type RunningPeer } from '@/camdx-peer/server';
import { camdxConfigFromEnv, createCamdx, type Camdx } from '@/lib/camdx';
import { env } from '@/lib/env';
import { config, ctx } from './helpers/camdx';
import { issueLeaf, makeCa } from './helpers/certs';

// A self-made CA signs the security server's certificate (for 127.0.0.1) and our client certificate,
// as an operator would set up the information-system side of X-Road's mutual TLS.
const ca = makeCa('CamDX test CA');
const server = issueLeaf(ca, 'localhost', '127.0.0.1');
const client = issueLeaf(ca, 'SDP client');
const lookup = { type: 'NID', value: '100000001' } as const;

let mtls: RunningPeer;
let serverAuthOnly: RunningPeer;
const clients: Camdx[] = [];
const make = (...args: Parameters<typeof config>) => {
  const c = createCamdx(config(...args));
  clients.push(c);
  return c;
};

beforeAll(async () => {
  mtls = await startPeer({ tls: { cert: server.cert, key: server.key, ca: ca.cert, requireClientCert: true } });
  serverAuthOnly = await startPeer({ tls: { cert: server.cert, key: server.key } });
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await Promise.all([mtls.close(), serverAuthOnly.close()]);
});

describe('mutual TLS', () => {
  it('talks to a security server that requires our client certificate', async () => {
    const c = make(mtls.url, { tls: { cert: client.cert, key: client.key, ca: ca.cert } });
    const res = await c.searchRegistry(lookup, ctx());
    expect(res.status).toBe('succ');
    expect(mtls.url.startsWith('https://127.0.0.1:')).toBe(true);
    expect(mtls.requests).toHaveLength(1);
  });

  it('reads certificate, key and CA from the files the configuration names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camdx-tls-'));
    const file = (name: string, pem: string) => {
      const p = path.join(dir, name);
      writeFileSync(p, pem, { mode: 0o600 });
      return p;
    };
    const cfg = camdxConfigFromEnv({
      ...env,
      CAMDX_SECURITY_SERVER_URL: mtls.url,
      CAMDX_CLIENT_ID: 'CAMBODIA/COM/SDP-DEV/SDP',
      CAMDX_SPR_SERVICE_ID: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
      CAMDX_TLS_CERT: file('client.pem', client.cert),
      CAMDX_TLS_KEY: file('client.key', client.key),
      CAMDX_TLS_CA: file('ca.pem', ca.cert),
    })!;
    const c = make(cfg.securityServerUrl, { ...cfg, logger: config('').logger });
    await expect(c.searchRegistry(lookup, ctx())).resolves.toMatchObject({ status: 'succ' });
  });

  it('without a client certificate the security server refuses the connection; nothing reaches it', async () => {
    const c = make(mtls.url, { tls: { ca: ca.cert } });
    const before = mtls.requests.length;
    const err = await c.searchRegistry(lookup, ctx()).catch((e: unknown) => e);
    // TLS 1.3: the server's "certificate required" alert; an administrator has to fix it, so no retry.
    expect(err).toMatchObject({ kind: 'tls', code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', retryable: false });
    expect(mtls.requests).toHaveLength(before);
  });

  it('a security server whose certificate our CA did not sign is a permanent TLS error', async () => {
    const other = makeCa('Another CA');
    const c = make(mtls.url, { tls: { cert: client.cert, key: client.key, ca: other.cert } });
    const err = await c.searchRegistry(lookup, ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'tls', retryable: false });
  });

  it('https with server authentication only works too', async () => {
    const c = make(serverAuthOnly.url, { tls: { ca: ca.cert } });
    await expect(c.searchRegistry(lookup, ctx())).resolves.toMatchObject({ status: 'succ' });
  });
});
