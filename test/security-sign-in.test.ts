import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, operators, users } from '@/db/schema';
import { AUTH_ACTION_LABELS, REFUSAL_CAUSE_LABELS } from '@/lib/audit/auth-labels';
import { revokeSession, SignInError, signInWithPassword } from '@/lib/auth/sign-in';
import { MESSAGES } from '@/messages';
import { makeOperator, makeUser, PASSWORD } from './helpers/fixtures';

// Issue 12, point 5: a locked or deactivated account is answered exactly like a wrong password (the
// old answers told that the e-mail has an account, and "deactivated" confirmed the password), and
// sign-out, failed and rate-limited sign-ins are in the audit trail, in words on the audit page.

async function answer(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'signed in';
  } catch (e) {
    if (e instanceof SignInError) return JSON.stringify({ ...e, message: e.message });
    throw e;
  }
}

const auditOf = (entityId: string) =>
  db().select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);

let operatorId: string;
beforeAll(async () => {
  operatorId = (await makeOperator()).id;
});

describe('what a refused sign-in is told', () => {
  it('is the same for a wrong password, an unknown e-mail, a locked and a deactivated account', async () => {
    const wrong = await answer(
      signInWithPassword((await makeUser({ operatorId })).email, 'wrong-password-1', 'addr-same'),
    );
    const unknown = await answer(signInWithPassword('nobody-at-all@example.org', PASSWORD, 'addr-same'));
    const lockedUser = await makeUser({ operatorId });
    await db()
      .update(users)
      .set({ lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, lockedUser.id));
    const lockedRight = await answer(signInWithPassword(lockedUser.email, PASSWORD, 'addr-same'));
    const lockedWrong = await answer(signInWithPassword(lockedUser.email, 'wrong-password-2', 'addr-same'));
    const off = await makeUser({ operatorId, active: false });
    const deactivatedRight = await answer(signInWithPassword(off.email, PASSWORD, 'addr-same'));
    const deactivatedWrong = await answer(signInWithPassword(off.email, 'wrong-password-3', 'addr-same'));
    const offOperator = await makeOperator();
    const member = await makeUser({ operatorId: offOperator.id });
    await db().update(operators).set({ active: false }).where(eq(operators.id, offOperator.id));
    const operatorOff = await answer(signInWithPassword(member.email, PASSWORD, 'addr-same'));

    expect(wrong).toBe(JSON.stringify({ reason: 'INVALID', message: 'INVALID' }));
    for (const other of [unknown, lockedRight, lockedWrong, deactivatedRight, deactivatedWrong, operatorOff])
      expect(other).toBe(wrong);
  });

  it('the fifth failure locks the account, and that too is answered as a wrong password', async () => {
    const user = await makeUser({ operatorId });
    for (let i = 0; i < 5; i++)
      expect(await answer(signInWithPassword(user.email, `wrong-${i}-password`, 'addr-five'))).toContain('INVALID');
    const [row] = await db().select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await answer(signInWithPassword(user.email, PASSWORD, 'addr-five'))).toContain('INVALID');
  });

  it('tells the person, in both languages, to ask their administrator; no message says locked or deactivated', () => {
    expect(MESSAGES.en.signIn.invalid).toMatch(/ask your administrator/);
    expect(MESSAGES.km.signIn.invalid).toContain('សូមសួរអ្នកគ្រប់គ្រងរបស់អ្នក');
    for (const lang of ['en', 'km'] as const) {
      expect(Object.keys(MESSAGES[lang].signIn)).not.toContain('locked');
      expect(Object.keys(MESSAGES[lang].signIn)).not.toContain('deactivated');
    }
  });
});

describe('the audit trail of signing in and out', () => {
  it('records each failed sign-in with its cause, for the account and its operator, the actor unknown', async () => {
    const user = await makeUser({ operatorId });
    await answer(signInWithPassword(user.email, 'wrong-password-9', 'addr-audit'));
    await db()
      .update(users)
      .set({ lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, user.id));
    await answer(signInWithPassword(user.email, PASSWORD, 'addr-audit'));
    await db().update(users).set({ lockedUntil: null, active: false }).where(eq(users.id, user.id));
    await answer(signInWithPassword(user.email, PASSWORD, 'addr-audit'));
    const rows = (await auditOf(user.id)).filter((r) => r.action === 'auth.sign_in_failed');
    expect(rows.map((r) => (r.after as { cause: string }).cause)).toEqual(['password', 'locked', 'deactivated']);
    for (const r of rows) {
      expect(r).toMatchObject({ operatorId, actorId: null, entityType: 'user' });
      expect(r.after).toMatchObject({ clientAddress: 'addr-audit' });
    }
  });

  it('records a failed sign-in with an unknown e-mail by its address only (the typed e-mail is not kept)', async () => {
    await answer(signInWithPassword('typo-or-password@example.org', PASSWORD, 'addr-unknown'));
    const rows = await auditOf('addr-unknown');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'auth.sign_in_failed',
      operatorId: null,
      actorId: null,
      entityType: 'client',
      after: { cause: 'unknown_account', clientAddress: 'addr-unknown' },
    });
    expect(JSON.stringify(rows[0])).not.toContain('typo-or-password');
  });

  it('records rate-limited sign-ins once per address and window, not once per attempt', async () => {
    // LOGIN_MAX_PER_ADDRESS is 30 in the test environment.
    for (let i = 0; i < 30; i++) await answer(signInWithPassword(`ghost-${i}@example.org`, 'x-password', 'addr-rl'));
    const user = await makeUser({ operatorId });
    for (let i = 0; i < 3; i++)
      expect(await answer(signInWithPassword(user.email, PASSWORD, 'addr-rl'))).toContain('RATE_LIMITED');
    const limited = (await auditOf('addr-rl')).filter((r) => r.action === 'auth.sign_in_rate_limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ operatorId: null, actorId: null, entityType: 'client' });
  }, 120_000);

  it('records a sign-out by the user, once, in their operator', async () => {
    const user = await makeUser({ operatorId });
    const { sessionId } = await signInWithPassword(user.email, PASSWORD, 'addr-out');
    await revokeSession(sessionId);
    await revokeSession(sessionId);
    const out = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'auth.sign_out')));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ operatorId, actorId: user.id, entityType: 'user' });
  });

  it('has words for every sign-in entry and cause, in both languages', () => {
    for (const lang of ['en', 'km'] as const) {
      const words = MESSAGES[lang].security.audit;
      for (const key of Object.values(AUTH_ACTION_LABELS)) expect(words.actions[key], `${lang} ${key}`).toBeTruthy();
      for (const key of Object.values(REFUSAL_CAUSE_LABELS)) expect(words.causes[key], `${lang} ${key}`).toBeTruthy();
      expect(words.notSignedIn).toBeTruthy();
    }
  });
});
