import { describe, expect, it } from 'vitest';
import { spell } from '@/camdx-peer/xroad';
import { CamdxError, classifyDciCode, classifyXRoadCode } from '@/lib/camdx';
import { ctx, peerPerFile } from './helpers/camdx';
import { dciErrorCodeLists } from './helpers/dci-schemas';

// Every code in camdx.md's two lists, as a security server reports it, with the X-Road 7.8 spelling
// written out by hand (not derived), so that the peer's spelling is checked too.
const RETRYABLE: [string, string][] = [
  ['Server.ServerProxy.NetworkError', 'server.serverproxy.network_error'],
  ['Server.ClientProxy.IOError', 'server.clientproxy.io_error'],
  ['Server.ServerProxy.ServiceFailed', 'server.serverproxy.service_failed'],
  ['Server.ServerProxy.ServiceFailed.HttpError', 'server.serverproxy.service_failed.http_error'],
  ['Server.ServerProxy.InternalError', 'server.serverproxy.internal_error'],
  ['Server.ServerProxy.DatabaseError', 'server.serverproxy.database_error'],
  ['Server.ClientProxy.TimestampingFailed', 'server.clientproxy.timestamping_failed'],
  ['Server.ClientProxy.OutdatedGlobalConf', 'server.clientproxy.outdated_global_conf'],
  ['Server.ServerProxy.MaintenanceMode', 'server.serverproxy.maintenance_mode'],
];
const PERMANENT: [string, string][] = [
  ['Server.ServerProxy.AccessDenied', 'server.serverproxy.access_denied'],
  ['Server.ServerProxy.UnknownService', 'server.serverproxy.unknown_service'],
  ['Server.ServerProxy.ServiceDisabled', 'server.serverproxy.service_disabled'],
  ['Server.ClientProxy.UnknownMember', 'server.clientproxy.unknown_member'],
  ['Client.InvalidClientIdentifier', 'client.invalid_client_identifier'],
  ['Server.ClientProxy.InvalidSecurityServer', 'server.clientproxy.invalid_security_server'],
  ['Server.ClientProxy.SslAuthenticationFailed', 'server.clientproxy.ssl_authentication_failed'],
  ['Client.BadRequest', 'client.bad_request'],
  ['Client.InvalidHttpMethod', 'client.invalid_http_method'],
  ['Server.ClientProxy.MissingRest', 'server.clientproxy.missing_rest'],
  ['Server.ServerProxy.ServiceMissingUrl', 'server.serverproxy.service_missing_url'],
];
const ALL = [...RETRYABLE.map(([a, b]) => [a, b, true] as const), ...PERMANENT.map(([a, b]) => [a, b, false] as const)];

describe('X-Road error classification', () => {
  it.each(ALL)('%s / %s → retryable %s', (legacy, modern, retryable) => {
    expect(classifyXRoadCode(legacy)).toEqual({ retryable, known: true });
    expect(classifyXRoadCode(modern)).toEqual({ retryable, known: true });
    expect(spell(legacy, 'modern')).toBe(modern);
  });

  it('reads odd mixes of case and underscores, and classifies unknown codes by origin', () => {
    expect(classifyXRoadCode('SERVER.SERVER_PROXY.Access_Denied').retryable).toBe(false);
    expect(classifyXRoadCode('Server.ClientProxy.NetworkError.Timeout').retryable).toBe(true);
    expect(classifyXRoadCode('Server.ServerProxy.SomethingNew')).toEqual({ retryable: true, known: false });
    expect(classifyXRoadCode('client.something_new')).toEqual({ retryable: false, known: false });
  });

  // The project's contract always; the IBR spec file as well when the shared folder is there.
  it.each(dciErrorCodeLists())(
    'classifies every DCI err.* code of the $label (only busy / timeout / unavailable are retryable)',
    ({ codes }) => {
      expect(codes).toContain('err.service.unavailable');
      for (const code of codes) {
        const expected = ['err.request.timeout', 'err.request.too_many_requests', 'err.service.unavailable'].includes(
          code,
        );
        expect(classifyDciCode(code).retryable, code).toBe(expected);
      }
      expect(classifyDciCode('rjct.message_id.duplicate').retryable).toBe(false);
    },
  );
});

describe('errors from the peer, in both spellings', () => {
  const ref = peerPerFile();

  it.each(
    ALL.flatMap(
      ([legacy, modern, retryable]) =>
        [
          [legacy, 'legacy', legacy, retryable],
          [legacy, 'modern', modern, retryable],
        ] as const,
    ),
  )('%s sent in the %s spelling', async (code, spelling, expected, retryable) => {
    const client = ref.client();
    ref.peer.faults.set([{ kind: 'xroad-error', code, spelling, times: 1 }]);
    const err = await client.searchRegistry({ type: 'NID', value: '100000001' }, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CamdxError);
    expect(err).toMatchObject({
      kind: 'xroad',
      code: expected,
      retryable,
      details: { status: code.startsWith('Client.') ? 400 : 500, known: true },
    });
  });

  it('keeps the registry own errors apart (no X-Road-Error): DCI err.* codes and bare statuses', async () => {
    const client = ref.client();
    const q = () => client.searchRegistry({ type: 'NID', value: '100000001' }, ctx()).catch((e: unknown) => e);
    ref.peer.faults.set([{ kind: 'http-error', status: 503, code: 'err.service.unavailable', times: 1 }]);
    expect(await q()).toMatchObject({
      kind: 'provider',
      code: 'err.service.unavailable',
      retryable: true,
      details: { status: 503 },
    });
    ref.peer.faults.set([{ kind: 'http-error', status: 429, code: 'err.request.too_many_requests', times: 1 }]);
    expect(await q()).toMatchObject({ kind: 'provider', retryable: true });
    ref.peer.faults.set([{ kind: 'http-error', status: 403, code: 'err.request.forbidden', times: 1 }]);
    expect(await q()).toMatchObject({ kind: 'provider', code: 'err.request.forbidden', retryable: false });
    ref.peer.faults.set([{ kind: 'http-error', status: 500, times: 1 }]);
    expect(await q()).toMatchObject({ kind: 'provider', code: 'err.service.unavailable', retryable: true });
  });

  it('a dropped connection and a refused one are retryable network errors', async () => {
    const client = ref.client();
    ref.peer.faults.set([{ kind: 'drop', times: 1 }]);
    expect(
      await client.searchRegistry({ type: 'NID', value: '100000001' }, ctx()).catch((e: unknown) => e),
    ).toMatchObject({ kind: 'network', retryable: true });
    const closed = ref.client({}, 'http://127.0.0.1:9');
    expect(
      await closed.searchRegistry({ type: 'NID', value: '100000001' }, ctx()).catch((e: unknown) => e),
    ).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', retryable: true });
  });
});
