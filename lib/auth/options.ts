import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authSecret } from '@/lib/env';
import { clientAddressFrom } from '@/lib/request';
import { rootLogger } from '@/lib/log';
import { SESSION_MAX_AGE_S, secureCookies } from './cookies';
import { SignInError, revokeSession, signInWithPassword } from './sign-in';

/**
 * The cookie carries only the server-side session id (`sid`); who the user is and what they may
 * do is read from the database on every request (lib/auth/session.ts).
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    useSecureCookies: secureCookies(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/signin', error: '/signin' },
    logger: {
      error: (code) => rootLogger.error({ requestId: 'next-auth', code }, 'next-auth error'),
      warn: (code) => rootLogger.warn({ requestId: 'next-auth', code }, 'next-auth warning'),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        name: 'credentials',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === 'string' ? credentials.email.slice(0, 320) : '';
          const password = typeof credentials?.password === 'string' ? credentials.password.slice(0, 1024) : '';
          if (!email || !password) throw new Error('INVALID');
          const h = new Headers();
          for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === 'string') h.set(k, v);
          try {
            const { userId, sessionId } = await signInWithPassword(email, password, clientAddressFrom(h));
            return { id: userId, sid: sessionId };
          } catch (e) {
            // next-auth passes the message to the sign-in page as `error`: INVALID or RATE_LIMITED, nothing
            // about the account (a locked or deactivated one is answered as a wrong password).
            if (e instanceof SignInError) throw new Error(e.reason);
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && 'sid' in user) token.sid = user.sid;
        return token;
      },
      session({ session, token }) {
        // Nothing about the user reaches the browser through next-auth.
        return { expires: session.expires, sid: token.sid } as unknown as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await revokeSession(token.sid);
      },
    },
  };
}
