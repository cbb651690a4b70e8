import 'server-only';
import { publicUrl } from '@/lib/env';

export const SESSION_MAX_AGE_S = 8 * 60 * 60;
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/** next-auth's own naming: a __Secure- prefix (and the Secure flag) when served over https. */
export function secureCookies(): boolean {
  return publicUrl().startsWith('https://');
}

export function sessionCookieName(): string {
  return `${secureCookies() ? '__Secure-' : ''}next-auth.session-token`;
}
