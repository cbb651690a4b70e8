import 'server-only';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { env, type Env } from '@/lib/env';
import { CamdxConfigError } from './errors';
import { parseClientId, parseServiceId, type XRoadClientId, type XRoadServiceId } from './identifiers';
import type { TlsMaterial } from './transport';

export interface CamdxConfig {
  /** The operator's own security server, e.g. `https://ss.example.gov.kh:8443` (the port varies). */
  securityServerUrl: string;
  /** Our subsystem: X-Road-Client and the DCI header's sender_id. */
  client: XRoadClientId;
  /** The Social Protection Registry's service. */
  sprService: XRoadServiceId;
  /** The Ministry of Interior's Khmer ID verification service (its own service id). */
  moiService?: XRoadServiceId;
  tls?: TlsMaterial;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  /** Attempts within one call for retryable failures (the same X-Road-Id each time). */
  maxAttempts: number;
  /** First backoff delay; doubled per attempt, with jitter. */
  retryBaseMs: number;
  /** PR-REST §4.8 identifier characters; false accepts X-Road's legacy rule (CamDX examples use '_'). */
  strictIdentifiers: boolean;
  maxResponseBytes?: number;
  logger?: Logger;
}

function readPem(path: string | undefined, variable: string): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (cause) {
    // The path is configuration, not a secret; the file's content never goes into a message.
    throw new CamdxConfigError(`${variable}: cannot read ${path}`, { cause });
  }
}

/**
 * The CamDX configuration from the environment, or null when CamDX is not configured (no security
 * server URL). A half-done configuration is an error, found at start rather than at the first sync.
 */
export function camdxConfigFromEnv(e: Env = env): CamdxConfig | null {
  if (!e.CAMDX_SECURITY_SERVER_URL) return null;
  const strict = e.CAMDX_STRICT_IDENTIFIERS;
  if (!e.CAMDX_CLIENT_ID)
    throw new CamdxConfigError('CAMDX_CLIENT_ID is required when CAMDX_SECURITY_SERVER_URL is set');
  if (!e.CAMDX_SPR_SERVICE_ID)
    throw new CamdxConfigError('CAMDX_SPR_SERVICE_ID is required when CAMDX_SECURITY_SERVER_URL is set');
  const https = e.CAMDX_SECURITY_SERVER_URL.startsWith('https:');
  if (!https && (e.CAMDX_TLS_CERT || e.CAMDX_TLS_KEY || e.CAMDX_TLS_CA)) {
    throw new CamdxConfigError('CAMDX_TLS_* are set but CAMDX_SECURITY_SERVER_URL is not https');
  }
  if (Boolean(e.CAMDX_TLS_CERT) !== Boolean(e.CAMDX_TLS_KEY)) {
    throw new CamdxConfigError('CAMDX_TLS_CERT and CAMDX_TLS_KEY go together (mutual TLS)');
  }
  return {
    securityServerUrl: e.CAMDX_SECURITY_SERVER_URL,
    client: parseClientId(e.CAMDX_CLIENT_ID, 'CAMDX_CLIENT_ID', strict),
    sprService: parseServiceId(e.CAMDX_SPR_SERVICE_ID, 'CAMDX_SPR_SERVICE_ID', strict),
    moiService: e.CAMDX_MOI_SERVICE_ID
      ? parseServiceId(e.CAMDX_MOI_SERVICE_ID, 'CAMDX_MOI_SERVICE_ID', strict)
      : undefined,
    tls: https
      ? {
          cert: readPem(e.CAMDX_TLS_CERT, 'CAMDX_TLS_CERT'),
          key: readPem(e.CAMDX_TLS_KEY, 'CAMDX_TLS_KEY'),
          ca: readPem(e.CAMDX_TLS_CA, 'CAMDX_TLS_CA'),
        }
      : undefined,
    connectTimeoutMs: e.CAMDX_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: e.CAMDX_TIMEOUT_MS,
    maxAttempts: e.CAMDX_MAX_ATTEMPTS,
    retryBaseMs: 1_000,
    strictIdentifiers: strict,
  };
}
