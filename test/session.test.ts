import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { operators, userSessions, users } from '@/db/schema';
import { requireRole, requireUser } from '@/lib/auth/guards';
import { currentUser } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { makeOperator, makeUser, setActive, signInAs } from './helpers/fixtures';
import { cookieJar } from './helpers/request';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('sessions are checked against the database on every request', () => {
  let operatorId: string;
  beforeAll(async () => {
    operatorId = (await makeOperator()).id;
  });

  it('resolves the signed-in user from the signed cookie, without exposing the hash', async () => {
    const user = await makeUser({ operatorId, roles: ['enrolment_officer'] });
    await signInAs(user.id);
    const me = await currentUser();
    expect(me).toMatchObject({ id: user.id, operatorId, roles: ['enrolment_officer'] });
    expect(JSON.stringify(me)).not.toContain('argon2');
  });

  it('refuses a forged or missing cookie', async () => {
    await signInAs(null);
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
    cookieJar.set('next-auth.session-token', 'not-a-token');
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
  });

  it('a deactivation takes effect on the next request', async () => {
    const user = await makeUser({ operatorId, roles: ['enrolment_officer'] });
    await signInAs(user.id);
    expect(await code(requireUser())).toBe('OK');
    await setActive(user.id, false);
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
  });

  it('a role taken away takes effect on the next request', async () => {
    const user = await makeUser({ operatorId, roles: ['operator_admin', 'viewer'] });
    await signInAs(user.id);
    expect(await code(requireRole('users'))).toBe('OK');
    await db()
      .update(users)
      .set({ roles: ['viewer'] })
      .where(eq(users.id, user.id));
    expect(await code(requireRole('users'))).toBe('FORBIDDEN');
    expect(await code(requireRole('audit'))).toBe('OK');
  });

  it("an operator's deactivation signs its users out", async () => {
    const op = await makeOperator();
    const user = await makeUser({ operatorId: op.id, roles: ['viewer'] });
    await signInAs(user.id);
    expect(await code(requireUser())).toBe('OK');
    await db().update(operators).set({ active: false }).where(eq(operators.id, op.id));
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
  });

  it('ends after 30 minutes without activity', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    const sid = await signInAs(user.id);
    await db()
      .update(userSessions)
      .set({ lastSeenAt: new Date(Date.now() - 29 * 60_000) })
      .where(eq(userSessions.id, sid!));
    expect(await code(requireUser())).toBe('OK');
    // That request counted as activity.
    const [touched] = await db().select().from(userSessions).where(eq(userSessions.id, sid!));
    expect(Date.now() - touched!.lastSeenAt.getTime()).toBeLessThan(60_000);
    await db()
      .update(userSessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(userSessions.id, sid!));
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
  });

  it('ends 8 hours after sign-in even when active', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    const sid = await signInAs(user.id);
    await db()
      .update(userSessions)
      .set({ createdAt: new Date(Date.now() - 8 * 3600_000 - 1000) })
      .where(eq(userSessions.id, sid!));
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
  });

  it('a revoked session (signed out) is refused', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    const sid = await signInAs(user.id);
    await db().update(userSessions).set({ revokedAt: new Date() }).where(eq(userSessions.id, sid!));
    expect(await code(requireUser())).toBe('UNAUTHENTICATED');
  });

  it('a user who must change the password may do nothing else', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'], mustChangePassword: true });
    await signInAs(user.id);
    expect(await code(requireUser())).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await code(requireUser({ allowPasswordChange: true }))).toBe('OK');
  });

  it('platform administrators reach no operator area, and operator staff never reach operators', async () => {
    const admin = await makeUser({ isPlatformAdmin: true });
    await signInAs(admin.id);
    expect(await code(requireRole('operators'))).toBe('OK');
    expect(await code(requireRole('households'))).toBe('FORBIDDEN');
    const staff = await makeUser({ operatorId, roles: ['operator_admin'] });
    await signInAs(staff.id);
    expect(await code(requireRole('operators'))).toBe('FORBIDDEN');
  });
});
