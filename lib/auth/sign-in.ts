import 'server-only';
import { forgetCachedSessions } from './session';
import { and, count, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLog, loginAttempts, operators, userSessions, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { env } from '@/lib/env';
import { requestLogger } from '@/lib/request';
import { verifyAgainstDummy, verifyPassword } from './password';

export const LOCK_AFTER_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
/** login_attempts only serves the limit's window; the audit trail keeps every sign-in for good. */
export const KEEP_ATTEMPTS_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
let lastPruned = 0;

/**
 * Deletes attempts older than KEEP_ATTEMPTS_MS, at most once an hour per process (a sign-in calls it),
 * so that the table holds a day of attempts instead of every one since the deployment began.
 */
export async function pruneLoginAttempts(now = Date.now()): Promise<number> {
  lastPruned = now;
  const gone = await db()
    .delete(loginAttempts)
    .where(lt(loginAttempts.at, new Date(now - KEEP_ATTEMPTS_MS)))
    .returning({ id: loginAttempts.id });
  return gone.length;
}

/**
 * What a refused caller is told. A locked or deactivated account is answered exactly like a wrong
 * password (issue 12): saying "locked" told that the e-mail has an account, and "deactivated" after a
 * correct password confirmed the password. Only the audit trail and the log say which it was.
 */
export type SignInFailure = 'INVALID' | 'RATE_LIMITED';
/** Why a sign-in was refused, in the audit trail (the caller only hears SignInFailure). */
export type RefusalCause = 'password' | 'locked' | 'deactivated' | 'unknown_account';

export class SignInError extends Error {
  constructor(readonly reason: SignInFailure) {
    super(reason);
  }
}

/** A failed attempt: counted for the address's rate limit, and in the audit trail with its cause. */
async function recordFailure(
  clientAddress: string,
  cause: RefusalCause,
  account: { id: string; operatorId: string | null } | null,
) {
  await db().transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ clientAddress, succeeded: false });
    // The actor is unknown: nobody signed in. A known account is the record (its operator sees it);
    // an unknown e-mail is not kept (it may be a mistyped password), only the address it came from.
    await writeAudit(tx, {
      operatorId: account?.operatorId ?? null,
      actorId: null,
      action: 'auth.sign_in_failed',
      entityType: account ? 'user' : 'client',
      entityId: account ? account.id : clientAddress,
      after: { cause, clientAddress },
    });
  });
}

/**
 * Rate-limited attempts are not counted (the limit is reached already); the audit trail gets one row
 * per address per window, so that a flood of refused attempts cannot flood the trail too.
 */
async function recordRateLimited(clientAddress: string, since: Date) {
  await db().transaction(async (tx) => {
    const [already] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, 'client'),
          eq(auditLog.entityId, clientAddress),
          eq(auditLog.action, 'auth.sign_in_rate_limited'),
          gt(auditLog.at, since),
        ),
      )
      .limit(1);
    if (already) return;
    await writeAudit(tx, {
      operatorId: null,
      actorId: null,
      action: 'auth.sign_in_rate_limited',
      entityType: 'client',
      entityId: clientAddress,
      after: { clientAddress },
    });
  });
}

/** Checks credentials, applies lock-out and rate limits; returns the new server-side session id. */
export async function signInWithPassword(
  emailInput: string,
  password: string,
  clientAddress: string,
): Promise<{ userId: string; sessionId: string }> {
  const log = await requestLogger();
  if (Date.now() - lastPruned > PRUNE_EVERY_MS) await pruneLoginAttempts();
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
    await recordRateLimited(clientAddress, since);
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
    await recordFailure(clientAddress, 'unknown_account', null);
    throw new SignInError('INVALID');
  }
  // The password is checked in every case, so that a locked account answers in the same time as any other.
  const passwordOk = await verifyPassword(user.passwordHash, password);
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordFailure(clientAddress, 'locked', user);
    log.info({ event: 'sign_in.failed', userId: user.id, cause: 'locked' }, 'sign-in failed');
    throw new SignInError('INVALID');
  }

  if (!passwordOk) {
    await recordFailure(clientAddress, 'password', user);
    const lockedUntil = await registerFailure(user);
    log.info({ event: 'sign_in.failed', userId: user.id, locked: Boolean(lockedUntil) }, 'sign-in failed');
    throw new SignInError('INVALID');
  }
  if (!user.active || user.operatorActive === false) {
    await recordFailure(clientAddress, 'deactivated', user);
    log.info({ event: 'sign_in.failed', userId: user.id, cause: 'deactivated' }, 'sign-in failed');
    throw new SignInError('INVALID');
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

/** Ends a server-side session (sign-out), with its audit row; a session already ended is left as it is. */
export async function revokeSession(sessionId: string): Promise<void> {
  await db().transaction(async (tx) => {
    const [ended] = await tx
      .update(userSessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)))
      .returning({ userId: userSessions.userId });
    if (!ended) return;
    const [user] = await tx.select({ operatorId: users.operatorId }).from(users).where(eq(users.id, ended.userId));
    await writeAudit(tx, {
      operatorId: user?.operatorId ?? null,
      actorId: ended.userId,
      action: 'auth.sign_out',
      entityType: 'user',
      entityId: ended.userId,
    });
  });
  forgetCachedSessions();
}
