import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { rootLogger } from './log';

/** The request id set by the app's server (lib/http/edge.mjs); a fresh one outside a request (tests, scripts). */
export async function requestId(): Promise<string> {
  try {
    return (await headers()).get('x-request-id') ?? randomUUID();
  } catch {
    return randomUUID();
  }
}

export async function requestLogger() {
  return rootLogger.child({ requestId: await requestId() });
}

const g = globalThis as typeof globalThis & { __sdpEdgeToken?: string };

/**
 * The caller's address, as the app's own server resolved it (lib/http/edge.mjs: the socket's
 * address, or the entry the trusted proxies vouch for when TRUSTED_PROXIES is set). Believed only
 * with this process's token beside it, so a client cannot make one up; null when the request did
 * not come through that server (tests, `next start` run by hand) — callers then share one bucket.
 */
export function clientAddressOf(h: { get(name: string): string | null }): string | null {
  const token = g.__sdpEdgeToken;
  if (!token || h.get('x-sdp-edge') !== token) return null;
  return h.get('x-sdp-client-address') || null;
}

/** The same, as a rate-limit key: 'unknown' when the address is not known. */
export function clientAddressFrom(h: { get(name: string): string | null }): string {
  return clientAddressOf(h) ?? 'unknown';
}
