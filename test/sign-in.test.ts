import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, loginAttempts, userSessions, users } from '@/db/schema';
import { KEEP_ATTEMPTS_MS, pruneLoginAttempts, SignInError, signInWithPassword, WINDOW_MS } from '@/lib/auth/sign-in';
import { makeOperator, makeUser, PASSWORD } from './helpers/fixtures';

async function failure(p: Promise<unknown>): Promise<SignInError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SignInError) return e;
    throw e;
  }
  throw new Error('expected the sign-in to be refused');
}

describe('sign-in with email and password', () => {
  let operatorId: string;
  beforeAll(async () => {
    operatorId = (await makeOperator()).id;
  });

  it('accepts the right password (any letter case in the email) and opens a server-side session', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'], email: 'Case.Mixed@Example.org' });
    const { userId, sessionId } = await signInWithPassword('  case.mixed@EXAMPLE.org ', PASSWORD, 'addr-ok');
    expect(userId).toBe(user.id);
    const [session] = await db().select().from(userSessions).where(eq(userSessions.id, sessionId));
    expect(session?.revokedAt).toBeNull();
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audit.map((a) => a.action)).toContain('auth.sign_in');
  });

  it('stores passwords as argon2id hashes', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('gives one generic answer for a wrong password and for an unknown account', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    expect((await failure(signInWithPassword(user.email, 'wrong-password-123', 'addr-generic'))).reason).toBe(
      'INVALID',
    );
    expect((await failure(signInWithPassword('nobody@example.org', PASSWORD, 'addr-generic'))).reason).toBe('INVALID');
  });

  it('locks the account for 15 minutes after five failures within 15 minutes (answered as a wrong password)', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    for (let i = 0; i < 4; i++) {
      expect((await failure(signInWithPassword(user.email, `wrong-${i}-password`, 'addr-lock'))).reason).toBe(
        'INVALID',
      );
    }
    const fifth = await failure(signInWithPassword(user.email, 'wrong-5-password', 'addr-lock'));
    expect(fifth.reason).toBe('INVALID');
    const [locked] = await db().select().from(users).where(eq(users.id, user.id));
    const minutes = (locked!.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // Even the right password is refused while locked.
    expect((await failure(signInWithPassword(user.email, PASSWORD, 'addr-lock'))).reason).toBe('INVALID');
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audit.map((a) => a.action)).toContain('auth.locked');

    // When the lock has run out, the right password works again.
    await db()
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, user.id));
    await expect(signInWithPassword(user.email, PASSWORD, 'addr-lock')).resolves.toMatchObject({ userId: user.id });
  });

  it('does not lock for failures spread over more than 15 minutes', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    for (let i = 0; i < 4; i++) await failure(signInWithPassword(user.email, `wrong-${i}-password`, 'addr-spread'));
    await db()
      .update(users)
      .set({ failureWindowStartedAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(users.id, user.id));
    expect((await failure(signInWithPassword(user.email, 'wrong-5-password', 'addr-spread'))).reason).toBe('INVALID');
    await expect(signInWithPassword(user.email, PASSWORD, 'addr-spread')).resolves.toMatchObject({ userId: user.id });
  });

  it('rate-limits failed attempts per client address', async () => {
    // LOGIN_MAX_PER_ADDRESS is 30 in the test environment.
    for (let i = 0; i < 30; i++)
      await failure(signInWithPassword(`ghost-${i}@example.org`, 'whatever-password', 'addr-flood'));
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    expect((await failure(signInWithPassword(user.email, PASSWORD, 'addr-flood'))).reason).toBe('RATE_LIMITED');
    // Another address is unaffected.
    await expect(signInWithPassword(user.email, PASSWORD, 'addr-other')).resolves.toMatchObject({ userId: user.id });
  }, 120_000);

  it('refuses a deactivated user, and every user of a deactivated operator (answered as a wrong password)', async () => {
    const off = await makeUser({ operatorId, roles: ['viewer'], active: false });
    expect((await failure(signInWithPassword(off.email, PASSWORD, 'addr-off'))).reason).toBe('INVALID');
    const op = await makeOperator();
    const member = await makeUser({ operatorId: op.id, roles: ['viewer'] });
    const { operators } = await import('@/db/schema');
    await db().update(operators).set({ active: false }).where(eq(operators.id, op.id));
    expect((await failure(signInWithPassword(member.email, PASSWORD, 'addr-off'))).reason).toBe('INVALID');
  });

  it('keeps a day of attempts: older ones are deleted (a sign-in prunes at most once an hour)', async () => {
    const at = (ago: number) => new Date(Date.now() - ago);
    const rows = await db()
      .insert(loginAttempts)
      .values([
        { clientAddress: 'addr-prune', succeeded: false, at: at(KEEP_ATTEMPTS_MS + 60_000) },
        { clientAddress: 'addr-prune', succeeded: true, at: at(3 * KEEP_ATTEMPTS_MS) },
        { clientAddress: 'addr-prune', succeeded: false, at: at(WINDOW_MS / 2) },
      ])
      .returning({ id: loginAttempts.id });
    const left = async () =>
      (
        await db()
          .select({ id: loginAttempts.id })
          .from(loginAttempts)
          .where(
            inArray(
              loginAttempts.id,
              rows.map((r) => r.id),
            ),
          )
      ).map((r) => r.id);
    expect(await pruneLoginAttempts()).toBeGreaterThanOrEqual(2);
    expect(await left()).toEqual([rows[2]!.id]);
    // The recent failure still counts toward the address's limit.
    await failure(signInWithPassword('nobody@example.org', 'wrong-password', 'addr-prune'));
    const [recent] = await db().select().from(loginAttempts).where(eq(loginAttempts.id, rows[2]!.id));
    expect(recent).toBeTruthy();
  });
});
