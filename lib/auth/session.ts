import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { decode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { db } from '@/db/client';
import { operators, userSessions, users, type Locale, type Role } from '@/db/schema';
import { authSecret } from '@/lib/env';
import { IDLE_TIMEOUT_MS, SESSION_MAX_AGE_S, sessionCookieName } from './cookies';
import type { Principal } from './policy';

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
    const payload = await decode({ token, secret: authSecret() });
    return typeof payload?.sid === 'string' ? payload.sid : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in user, read from the database on every request: a deactivation, a role taken
 * away, a revoked or idle session all take effect on the next request, not when a token expires.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const sid = await sessionIdFromCookie();
  if (!sid || !/^[0-9a-f-]{36}$/i.test(sid)) return null;
  const now = Date.now();
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
});
