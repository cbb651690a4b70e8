// `npm run camdx:peer [-- flags]`: the local CamDX peer for development (see camdx-peer/README.md).
// A separate program, not part of the app: it reads its own flags and CAMDX_PEER_* variables.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseFaultSpec } from './faults';
import { loadFixtures } from './khmer-id';
import { ANSWER_MODES, SPID_MODES, TXN_STATUS_FORMS } from './modes';
import { DEFAULT_MOI_SERVICE, DEFAULT_SPR_SERVICE, startPeer } from './server';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'spr-service': { type: 'string' },
    'moi-service': { type: 'string' },
    'allowed-client': { type: 'string', multiple: true },
    fault: { type: 'string', multiple: true },
    'latency-ms': { type: 'string' },
    'error-spelling': { type: 'string' },
    'legacy-identifiers': { type: 'boolean' },
    'state-file': { type: 'string' },
    fixtures: { type: 'string' },
    seed: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-ca': { type: 'string' },
    'require-client-cert': { type: 'boolean' },
    answer: { type: 'string' },
    spid: { type: 'string' },
    'ack-delay-ms': { type: 'string' },
    'txn-status': { type: 'string' },
  },
});

const env = process.env;
const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

const settings = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(4400),
    spelling: z.enum(['legacy', 'modern']).default('legacy'),
    latencyMs: z.coerce.number().int().min(0).optional(),
    seed: z.coerce.number().int().optional(),
    answer: z.enum(ANSWER_MODES).default('sync'),
    spid: z.enum(SPID_MODES).default('extension'),
    ackDelayMs: z.coerce.number().int().min(0).max(600_000).default(1_000),
    txnStatus: z.enum(TXN_STATUS_FORMS).default('search'),
  })
  .parse({
    host: values.host ?? env.CAMDX_PEER_HOST,
    port: values.port ?? env.CAMDX_PEER_PORT,
    spelling: values['error-spelling'] ?? env.CAMDX_PEER_ERROR_SPELLING,
    latencyMs: values['latency-ms'] ?? env.CAMDX_PEER_LATENCY_MS,
    seed: values.seed ?? env.CAMDX_PEER_SEED,
    answer: values.answer ?? env.CAMDX_PEER_ANSWER,
    spid: values.spid ?? env.CAMDX_PEER_SPID,
    ackDelayMs: values['ack-delay-ms'] ?? env.CAMDX_PEER_ACK_DELAY_MS,
    txnStatus: values['txn-status'] ?? env.CAMDX_PEER_TXN_STATUS,
  });

const faults = [...list(env.CAMDX_PEER_FAULTS), ...(values.fault ?? [])].map(parseFaultSpec);
if (settings.latencyMs) faults.unshift({ kind: 'latency', ms: settings.latencyMs });

const cert = values['tls-cert'] ?? env.CAMDX_PEER_TLS_CERT;
const key = values['tls-key'] ?? env.CAMDX_PEER_TLS_KEY;
const ca = values['tls-ca'] ?? env.CAMDX_PEER_TLS_CA;
const fixturesFile = values.fixtures ?? env.CAMDX_PEER_FIXTURES;

const peer = await startPeer({
  host: settings.host,
  port: settings.port,
  sprService: values['spr-service'] ?? env.CAMDX_PEER_SPR_SERVICE_ID ?? DEFAULT_SPR_SERVICE,
  moiService: values['moi-service'] ?? env.CAMDX_PEER_MOI_SERVICE_ID ?? DEFAULT_MOI_SERVICE,
  allowedClients:
    values['allowed-client'] ??
    (list(env.CAMDX_PEER_ALLOWED_CLIENTS).length ? list(env.CAMDX_PEER_ALLOWED_CLIENTS) : undefined),
  spelling: settings.spelling,
  strictIdentifiers: !(values['legacy-identifiers'] ?? env.CAMDX_PEER_LEGACY_IDENTIFIERS === '1'),
  faults,
  seed: settings.seed,
  stateFile: values['state-file'] ?? env.CAMDX_PEER_STATE_FILE,
  fixtures: fixturesFile ? loadFixtures(fixturesFile) : undefined,
  modes: {
    answer: settings.answer,
    spid: settings.spid,
    ack_delay_ms: settings.ackDelayMs,
    txn_status: settings.txnStatus,
  },
  tls:
    cert && key
      ? {
          cert: readFileSync(cert),
          key: readFileSync(key),
          ca: ca ? readFileSync(ca) : undefined,
          requireClientCert: values['require-client-cert'] ?? false,
        }
      : undefined,
  // One JSON line per request on stdout; never a body.
  log: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
});

process.stdout.write(
  `${JSON.stringify({ ts: new Date().toISOString(), event: 'listening', url: peer.url, faults: peer.faults.list(), modes: peer.modes.view() })}\n`,
);

const stop = () => {
  peer.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
