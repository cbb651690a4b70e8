import 'server-only';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { loginAttempts, operators, userSessions, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { env } from '@/lib/env';
import { requestLogger } from '@/lib/request';
import { verifyAgainstDummy, verifyPassword } from './password';

export const LOCK_AFTER_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export type SignInFailure = 'INVALID' | 'LOCKED' | 'RATE_LIMITED' | 'DEACTIVATED';

export class SignInError extends Error {
  constructor(
    readonly reason: SignInFailure,
    readonly until?: Date,
  ) {
    super(reason);
  }
}

async function recordAttempt(clientAddress: string, succeeded: boolean) {
  await db().insert(loginAttempts).values({ clientAddress, succeeded });
}

/** Checks credentials, applies lock-out and rate limits; returns the new server-side session id. */
export async function signInWithPassword(
  emailInput: string,
  password: string,
  clientAddress: string,
): Promise<{ userId: string; sessionId: string }> {
  const log = await requestLogger();
  const since = new Date(Date.now() - WINDOW_MS);
  const [recent] = await db()
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.clientAddress, clientAddress),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.at, since),
      ),
    );
  if ((recent?.n ?? 0) >= env.LOGIN_MAX_PER_ADDRESS) {
    log.warn({ event: 'sign_in.rate_limited' }, 'sign-in refused: too many attempts from this address');
    throw new SignInError('RATE_LIMITED');
  }

  const email = emailInput.trim().toLowerCase();
  const [user] = await db()
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      active: users.active,
      operatorId: users.operatorId,
      lockedUntil: users.lockedUntil,
      failedAttempts: users.failedAttempts,
      windowStart: users.failureWindowStartedAt,
      operatorActive: operators.active,
    })
    .from(users)
    .leftJoin(operators, eq(operators.id, users.operatorId))
    .where(eq(sql`lower(${users.email})`, email));

  if (!user) {
    await verifyAgainstDummy(password);
    await recordAttempt(clientAddress, false);
    throw new SignInError('INVALID');
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAttempt(clientAddress, false);
    throw new SignInError('LOCKED', user.lockedUntil);
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordAttempt(clientAddress, false);
    const lockedUntil = await registerFailure(user);
    log.info({ event: 'sign_in.failed', userId: user.id, locked: Boolean(lockedUntil) }, 'sign-in failed');
    if (lockedUntil) throw new SignInError('LOCKED', lockedUntil);
    throw new SignInError('INVALID');
  }
  if (!user.active || user.operatorActive === false) {
    await recordAttempt(clientAddress, false);
    throw new SignInError('DEACTIVATED');
  }

  const sessionId = await db().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedAttempts: 0, failureWindowStartedAt: null, lockedUntil: null, lastSignInAt: sql`now()` })
      .where(eq(users.id, user.id));
    const [session] = await tx.insert(userSessions).values({ userId: user.id }).returning({ id: userSessions.id });
    await tx.insert(loginAttempts).values({ clientAddress, succeeded: true });
    await writeAudit(tx, {
      operatorId: user.operatorId,
      actorId: user.id,
      action: 'auth.sign_in',
      entityType: 'user',
      entityId: user.id,
    });
    return session!.id;
  });
  log.info({ event: 'sign_in.succeeded', userId: user.id }, 'signed in');
  return { userId: user.id, sessionId };
}

/** The account a failed sign-in counts against: its audit row goes to the account's own operator. */
interface FailingUser {
  id: string;
  failedAttempts: number;
  windowStart: Date | null;
  operatorId: string | null;
}

/** Counts a failure in the user's 15-minute window; the fifth locks the account for 15 minutes. */
async function registerFailure(user: FailingUser) {
  const { id: userId, failedAttempts: failed, windowStart } = user;
  const now = Date.now();
  const inWindow = windowStart !== null && now - windowStart.getTime() < WINDOW_MS;
  const attempts = inWindow ? failed + 1 : 1;
  if (attempts >= LOCK_AFTER_FAILURES) {
    const lockedUntil = new Date(now + WINDOW_MS);
    await db().transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedAttempts: 0, failureWindowStartedAt: null, lockedUntil })
        .where(eq(users.id, userId));
      await writeAudit(tx, {
        operatorId: user.operatorId,
        actorId: null,
        action: 'auth.locked',
        entityType: 'user',
        entityId: userId,
        after: { lockedUntil: lockedUntil.toISOString() },
      });
    });
    return lockedUntil;
  }
  await db()
    .update(users)
    .set({ failedAttempts: attempts, failureWindowStartedAt: inWindow ? windowStart : new Date(now) })
    .where(eq(users.id, userId));
  return null;
}

export async function revokeSession(sessionId: string): Promise<void> {
  await db()
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(eq(userSessions.id, sessionId));
}
