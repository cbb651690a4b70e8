'use server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { runAction } from '@/lib/action';
import { secureCookies, sessionCookieName } from '@/lib/auth/cookies';
import { requireUser } from '@/lib/auth/guards';
import { revokeSession } from '@/lib/auth/sign-in';
import { currentUser } from '@/lib/auth/session';
import { LOCALE_COOKIE } from '@/lib/i18n/locale';
import { setOwnLocale } from '@/lib/users/account';
import { setLocaleSchema } from '@/lib/users/schemas';

const ONE_YEAR_S = 365 * 24 * 3600;

/** Signs out: the server-side session ends, whatever copies of the cookie exist. */
export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  if (user) await revokeSession(user.sessionId);
  (await cookies()).delete(sessionCookieName());
  redirect('/signin');
}

/** Signed-in users: saved on the account (remembered on every device) and in a cookie. */
export async function setLocaleAction(input: unknown) {
  return runAction(
    () => requireUser({ allowPasswordChange: true }),
    setLocaleSchema,
    input,
    async (user, data) => {
      await setOwnLocale(user, data);
      (await cookies()).set(LOCALE_COOKIE, data.locale, {
        maxAge: ONE_YEAR_S,
        sameSite: 'lax',
        httpOnly: true,
        secure: secureCookies(),
        path: '/',
      });
      return null;
    },
  );
}

/** Signed-out pages (sign-in, setup): public by design; only a cookie is set. */
export async function setLocaleCookieAction(input: unknown) {
  return runAction(
    async () => null,
    setLocaleSchema,
    input,
    async (_u, data) => {
      (await cookies()).set(LOCALE_COOKIE, data.locale, {
        maxAge: ONE_YEAR_S,
        sameSite: 'lax',
        httpOnly: true,
        secure: secureCookies(),
        path: '/',
      });
      return null;
    },
  );
}
