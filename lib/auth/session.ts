import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { db } from '@/db/client';
import { operators, userSessions, users, type Locale, type Role } from '@/db/schema';
import { authSecret, env } from '@/lib/env';
import { IDLE_TIMEOUT_MS, SESSION_MAX_AGE_S, sessionCookieName } from './cookies';
import type { Principal } from './policy';
import { decodeSessionToken } from './token';

export interface SessionUser extends Principal {
  id: string;
  sessionId: string;
  operatorId: string | null;
  email: string;
  name: string;
  roles: Role[];
  /** null until the user chooses a language */
  locale: Locale | null;
  mustChangePassword: boolean;
  operatorCode: string | null;
}

/** The session id carried in the signed next-auth cookie, or null. */
async function sessionIdFromCookie(): Promise<string | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  try {
    const payload = await decodeSessionToken(token, authSecret());
    return typeof payload?.sid === 'string' ? payload.sid : null;
  } catch {
    return null;
  }
}

/**
 * How long a session's row, once read, answers for it: a route handler asks twice (its guard and the
 * locale; React's cache() dedupes only while rendering) and a busy client asks many times a second.
 * A change made through this instance (a deactivation, roles, a revoked session, the operator
 * switched off, a sign-out) empties the cache at once (forgetCachedSessions); one made on another
 * instance is seen within this time. Not in tests, which change rows directly and look at once.
 */
export const SESSION_CACHE_MS = 2_000;
let cacheMs = env.NODE_ENV === 'test' ? 0 : SESSION_CACHE_MS;
const CACHE_LIMIT = 10_000;

type Cached = { user: SessionUser; until: number };
// On globalThis, like the database handle: Next may load this module twice in one server, and the
// module that empties the cache must empty the one that is read.
const g = globalThis as typeof globalThis & { __sdpSessionCache?: Map<string, Cached> };
const sessionCache = (g.__sdpSessionCache ??= new Map<string, Cached>());

/** Tests that look at the cache itself turn it on (and off again). */
export function setSessionCacheMs(ms: number): void {
  cacheMs = ms;
  sessionCache.clear();
}

/** Every cached session is read again on its next request: call after changing users, sessions or operators. */
export function forgetCachedSessions(): void {
  sessionCache.clear();
}

/**
 * The signed-in user, read from the database (at most SESSION_CACHE_MS ago): a deactivation, a role
 * taken away, a revoked or idle session take effect on the next request (on another instance within
 * SESSION_CACHE_MS), not when a token expires.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const sid = await sessionIdFromCookie();
  if (!sid || !/^[0-9a-f-]{36}$/i.test(sid)) return null;
  const now = Date.now();
  const hit = sessionCache.get(sid);
  if (hit && hit.until > now) return hit.user;
  const user = await readSession(sid, now);
  if (user && cacheMs > 0) {
    // A bound, not an LRU: past it (an attack with many valid sessions?) start again.
    if (sessionCache.size >= CACHE_LIMIT) sessionCache.clear();
    sessionCache.set(sid, { user, until: now + cacheMs });
  } else sessionCache.delete(sid);
  return user;
});

async function readSession(sid: string, now: number): Promise<SessionUser | null> {
  const [row] = await db()
    .select({
      sessionId: userSessions.id,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      id: users.id,
      operatorId: users.operatorId,
      email: users.email,
      name: users.name,
      roles: users.roles,
      isPlatformAdmin: users.isPlatformAdmin,
      locale: users.locale,
      mustChangePassword: users.mustChangePassword,
      userActive: users.active,
      operatorActive: operators.active,
      operatorCode: operators.code,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .leftJoin(operators, eq(operators.id, users.operatorId))
    .where(and(eq(userSessions.id, sid), isNull(userSessions.revokedAt)));
  if (!row || !row.userActive || row.operatorActive === false) return null;
  if (now - row.createdAt.getTime() > SESSION_MAX_AGE_S * 1000) return null;
  if (now - row.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) return null;
  // Touch at most once a minute: enough for a 30-minute idle limit, and cheap.
  if (now - row.lastSeenAt.getTime() > 60_000) {
    await db()
      .update(userSessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(userSessions.id, sid));
  }
  return {
    id: row.id,
    sessionId: row.sessionId,
    operatorId: row.operatorId,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    isPlatformAdmin: row.isPlatformAdmin,
    locale: row.locale as Locale | null,
    mustChangePassword: row.mustChangePassword,
    operatorCode: row.operatorCode,
  };
}
