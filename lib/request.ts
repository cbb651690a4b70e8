import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
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

/**
 * The caller's address for rate limiting: the last X-Forwarded-For entry, which is the one the
 * nearest hop wrote — the reverse proxy (nginx's $proxy_add_x_forwarded_for appends the address it
 * saw), or Next.js itself, which sets the socket address when the header is absent.
 */
export function clientAddressFrom(h: { get(name: string): string | null }): string {
  const last = h.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  return last || h.get('x-real-ip') || 'unknown';
}
