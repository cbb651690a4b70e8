import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { env } from './env';
import { rootLogger } from './log';

/** The request id set by proxy.ts; a fresh one when called outside a request (tests, scripts). */
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

/** The caller's address; X-Forwarded-For is believed only behind a configured reverse proxy. */
export function clientAddressFrom(h: { get(name: string): string | null }): string {
  if (env.TRUST_PROXY) {
    const fwd = h.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  return h.get('x-real-ip') ?? h.get('x-sdp-client-address') ?? 'local';
}
