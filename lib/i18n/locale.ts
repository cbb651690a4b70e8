import 'server-only';
import { cookies, headers } from 'next/headers';
import { LOCALES, type Locale } from '@/db/schema/accounts';
import { currentUser } from '@/lib/auth/session';

export const LOCALE_COOKIE = 'sdp_locale';
export const DEFAULT_LOCALE: Locale = 'km';

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The signed-in user's saved choice, else the cookie (chosen on the sign-in page), else the browser's language. */
export async function resolveLocale(): Promise<Locale> {
  const user = await currentUser().catch(() => null);
  if (user?.locale) return user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  const accept = (await headers()).get('accept-language') ?? '';
  const first = accept
    .split(',')
    .map((part) => part.split(';')[0]!.trim().slice(0, 2).toLowerCase())
    .find(isLocale);
  return first ?? DEFAULT_LOCALE;
}
