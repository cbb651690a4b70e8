import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CamdxConfigError, camdxConfigFromEnv, createCamdx } from '@/lib/camdx';
import {
  checkIdentifier,
  clientHeader,
  parseClientId,
  parseServiceId,
  representedPartyHeader,
  servicePath,
} from '@/lib/camdx/identifiers';
import { env } from '@/lib/env';
import { CLIENT, config, ctx, SPR, peerPerFile } from './helpers/camdx';

// Characters PR-REST §4.8 allows that still need percent-encoding in a path segment.
const ODD_SERVICE = "reg?x=1,a+b'(c)";
const ref = peerPerFile({ sprService: `CAMBODIA/GOV/SPR-DEV/SPR/${ODD_SERVICE}` });

describe('X-Road identifiers', () => {
  it('percent-encodes each service id part on its own and keeps the separators', () => {
    expect(servicePath({ ...SPR, serviceCode: ODD_SERVICE }, '/registry/sync/search')).toBe(
      "/r1/CAMBODIA/GOV/SPR-DEV/SPR/reg%3Fx%3D1%2Ca%2Bb'(c)/registry/sync/search",
    );
    expect(clientHeader({ ...CLIENT, memberCode: 'A+B=C' })).toBe('CAMBODIA/COM/A%2BB%3DC/SDP');
    expect(representedPartyHeader({ memberClass: 'NGO', memberCode: 'PWDF' }, true)).toBe('NGO/PWDF');
    expect(representedPartyHeader({ memberCode: 'PWDF' }, true)).toBe('PWDF');
  });

  it('reaches the service whose code holds ? = , + through the peer, which decodes each part', async () => {
    const c = ref.client({ sprService: { ...SPR, serviceCode: ODD_SERVICE } });
    const res = await c.searchRegistry({ type: 'NID', value: '100000001' }, ctx());
    expect(res.status).toBe('succ');
    expect(ref.peer.requests[0]!.url).toBe("/r1/CAMBODIA/GOV/SPR-DEV/SPR/reg%3Fx%3D1%2Ca%2Bb'(c)/registry/sync/search");
    expect(res.meta.xRoadService).toBe(`CAMBODIA/GOV/SPR-DEV/SPR/${ODD_SERVICE}`);
  });

  it.each(['CP1_API', 'a/b', 'a%b', 'a:b', 'a;b', 'a\\b', 'a b', 'é', 'ក', 'a\nb', ''])(
    'strict mode refuses %j',
    (value) => {
      expect(() => checkIdentifier(value, 'member code', true)).toThrow(CamdxConfigError);
    },
  );

  it("legacy mode (X-Road's strict-identifier-checks=false) accepts '_' but still refuses : ; / \\ % and controls", () => {
    expect(() => checkIdentifier('CP1_API', 'subsystem', false)).not.toThrow();
    for (const bad of ['a/b', 'a%b', 'a:b', 'a;b', 'a\\b', 'a\tb', ' a'])
      expect(() => checkIdentifier(bad, 'x', false)).toThrow(CamdxConfigError);
  });

  it('parses configured ids and refuses the wrong number of parts', () => {
    expect(parseClientId('CAMBODIA/COM/SDP-DEV/SDP', 'id', true)).toEqual(CLIENT);
    expect(parseServiceId('CAMBODIA/GOV/SPR-DEV/SPR/registry', 'id', true)).toEqual(SPR);
    expect(() => parseClientId('CAMBODIA/COM/SDP-DEV', 'id', true)).toThrow(/INSTANCE\/CLASS\/MEMBER\/SUBSYSTEM/);
    expect(() => parseServiceId('CAMBODIA/GOV/SPR-DEV/SPR', 'id', true)).toThrow(CamdxConfigError);
  });

  it('a bad identifier is a configuration error before any request is sent', async () => {
    expect(() => createCamdx(config(ref.peer.url, { client: { ...CLIENT, subsystemCode: 'CP1_API' } }))).toThrow(
      CamdxConfigError,
    );
    expect(() => createCamdx(config(ref.peer.url, { sprService: { ...SPR, serviceCode: 'a/b' } }))).toThrow(
      CamdxConfigError,
    );
    const c = ref.client();
    await expect(
      c.searchRegistry({ type: 'NID', value: '100000001' }, ctx({ representedParty: { memberCode: 'PWD_F' } })),
    ).rejects.toBeInstanceOf(CamdxConfigError);
    expect(ref.peer.requests).toHaveLength(0);
  });

  it('legacy identifiers can be switched on for CamDX ids with an underscore', async () => {
    const c = ref.client({ strictIdentifiers: false, client: { ...CLIENT, subsystemCode: 'CP1_API' } });
    // The peer checks strictly, as X-Road ≥ 7.3 does by default: it refuses the header.
    await expect(c.searchRegistry({ type: 'NID', value: '100000001' }, ctx())).rejects.toMatchObject({
      kind: 'xroad',
      code: 'Client.InvalidClientIdentifier',
    });
    expect(ref.peer.requests[0]!.headers['x-road-client']).toBe('CAMBODIA/COM/SDP-DEV/CP1_API');
  });
});

describe('configuration from the environment', () => {
  const base = {
    ...env,
    CAMDX_SECURITY_SERVER_URL: 'http://127.0.0.1:4400',
    CAMDX_CLIENT_ID: 'CAMBODIA/COM/SDP-DEV/SDP',
    CAMDX_SPR_SERVICE_ID: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
  };

  it('is off without a security server URL', () => {
    expect(camdxConfigFromEnv({ ...env, CAMDX_SECURITY_SERVER_URL: undefined })).toBeNull();
  });

  it('builds the ids and timeouts', () => {
    const c = camdxConfigFromEnv({ ...base, CAMDX_MOI_SERVICE_ID: 'CAMBODIA/GOV/MOI-DEV/KHMERID/khmerid' })!;
    expect(c.client).toEqual(CLIENT);
    expect(c.sprService).toEqual(SPR);
    expect(c.moiService?.serviceCode).toBe('khmerid');
    expect(c.connectTimeoutMs).toBe(10_000);
    expect(c.totalTimeoutMs).toBe(75_000);
  });

  it('refuses a half-done or inconsistent configuration', () => {
    expect(() => camdxConfigFromEnv({ ...base, CAMDX_CLIENT_ID: undefined })).toThrow(/CAMDX_CLIENT_ID/);
    expect(() => camdxConfigFromEnv({ ...base, CAMDX_SPR_SERVICE_ID: undefined })).toThrow(/CAMDX_SPR_SERVICE_ID/);
    expect(() => camdxConfigFromEnv({ ...base, CAMDX_CLIENT_ID: 'CAMBODIA/COM/SDP DEV/SDP' })).toThrow(
      CamdxConfigError,
    );
    expect(() => camdxConfigFromEnv({ ...base, CAMDX_TLS_CA: '/tmp/ca.pem' })).toThrow(/not https/);
    const https = { ...base, CAMDX_SECURITY_SERVER_URL: 'https://127.0.0.1:4443' };
    expect(() => camdxConfigFromEnv({ ...https, CAMDX_TLS_CERT: '/tmp/c.pem' })).toThrow(/go together/);
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'camdx-')), 'nope.pem');
    expect(() => camdxConfigFromEnv({ ...https, CAMDX_TLS_CA: missing })).toThrow(/CAMDX_TLS_CA: cannot read/);
  });
});
