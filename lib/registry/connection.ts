import 'server-only';
import { camdx, camdxConfigFromEnv, CamdxError, type Camdx, type ServiceMethods } from '@/lib/camdx';
import { env } from '@/lib/env';
import { camdxFailure, type CamdxFailure } from './manage';

export interface ConnectionSettings {
  configured: boolean;
  /** The configuration could not be read: the precise reason, for the administrator. */
  error?: string;
  securityServerUrl?: string;
  clientId?: string;
  sprServiceId?: string;
  moiServiceId?: string;
  /** Only whether a file is named: paths and keys stay on the server. */
  mutualTls: boolean;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  attemptsPerCall: number;
  syncMaxAttempts: number;
  syncBatch: number;
  syncIntervalMs: number;
  worker: 'app' | 'off';
}

/** What the "CamDX connection" page shows: the configuration without secrets. */
export function connectionSettings(): ConnectionSettings {
  const base = {
    mutualTls: Boolean(env.CAMDX_TLS_CERT),
    connectTimeoutMs: env.CAMDX_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: env.CAMDX_TIMEOUT_MS,
    attemptsPerCall: env.CAMDX_MAX_ATTEMPTS,
    syncMaxAttempts: env.CAMDX_SYNC_MAX_ATTEMPTS,
    syncBatch: env.CAMDX_SYNC_BATCH,
    syncIntervalMs: env.CAMDX_SYNC_INTERVAL_MS,
    worker: env.CAMDX_WORKER,
  };
  try {
    const c = camdxConfigFromEnv();
    if (!c) return { configured: false, ...base };
    return {
      configured: true,
      ...base,
      securityServerUrl: c.securityServerUrl,
      clientId: env.CAMDX_CLIENT_ID,
      sprServiceId: env.CAMDX_SPR_SERVICE_ID,
      moiServiceId: env.CAMDX_MOI_SERVICE_ID,
    };
  } catch (e) {
    if (e instanceof CamdxError) return { configured: false, error: e.message, ...base };
    throw e;
  }
}

export type ConnectionTest =
  { status: 'ok'; services: ServiceMethods[]; xRoadId: string; xRoadRequestId?: string } | CamdxFailure;

/** Calls the registry's allowedMethods through our security server: the answer, or the precise error. */
export async function testConnection(client: Camdx | null = camdx(), userId = 'sdp-admin'): Promise<ConnectionTest> {
  if (!client) return { status: 'notConfigured' };
  try {
    const res = await client.allowedMethods('spr', { userId });
    return { status: 'ok', services: res.services, xRoadId: res.meta.xRoadId, xRoadRequestId: res.meta.xRoadRequestId };
  } catch (e) {
    return camdxFailure(e);
  }
}
