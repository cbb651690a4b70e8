import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOperatorAction,
  createOperatorAdminAction,
  setOperatorActiveAction,
} from '@/app/(app)/admin/operators/actions';
import {
  createUserAction,
  resetUserPasswordAction,
  setUserActiveAction,
  updateUserAction,
} from '@/app/(app)/admin/users/actions';
import { changePasswordAction } from '@/app/(app)/account/actions';
import { setLocaleAction } from '@/app/actions';
import { db } from '@/db/client';
import { auditLog, operators, userSessions, users } from '@/db/schema';
import { requireUser } from '@/lib/auth/guards';
import { DomainError } from '@/lib/errors';
import { makeOperator, makeUser, PASSWORD, signInAs } from './helpers/fixtures';

const NEW_PASSWORD = 'Lotus-Pond-Mekong-2026';

async function lastAudit(entityId: string) {
  const [row] = await db()
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

describe('platform administrator: operators and their first administrator', () => {
  let platformAdminId: string;
  beforeAll(async () => {
    platformAdminId = (await makeUser({ isPlatformAdmin: true })).id;
  });

  it('creates an operator with Khmer and English names, audited', async () => {
    await signInAs(platformAdminId);
    const res = await createOperatorAction({
      code: 'pwdf',
      nameKm: 'មូលនិធិជនពិការ',
      nameEn: 'Persons with Disabilities Foundation',
    });
    expect(res).toMatchObject({ ok: true });
    const [op] = await db().select().from(operators).where(eq(operators.code, 'PWDF'));
    expect(op).toMatchObject({ nameKm: 'មូលនិធិជនពិការ', active: true });
    expect(await lastAudit(op!.id)).toMatchObject({
      action: 'operator.create',
      actorId: platformAdminId,
      operatorId: null,
    });
  });

  it('refuses a duplicate or malformed code beside the field, writing nothing', async () => {
    await signInAs(platformAdminId);
    expect(await createOperatorAction({ code: 'PWDF', nameKm: 'ក', nameEn: 'B' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      fieldErrors: { code: ['operatorCodeTaken'] },
    });
    expect(await createOperatorAction({ code: '1-bad', nameKm: '', nameEn: 'x'.repeat(500) })).toMatchObject({
      ok: false,
      code: 'INVALID',
      fieldErrors: { code: ['operatorCode'], nameKm: ['required'], nameEn: ['tooLong'] },
    });
  });

  it("creates the operator's administrator, who must change the password at first sign-in", async () => {
    await signInAs(platformAdminId);
    const op = await makeOperator();
    const res = await createOperatorAdminAction({
      operatorId: op.id,
      email: 'Admin@PWDF.example.org',
      name: 'Sokha',
      password: NEW_PASSWORD,
    });
    expect(res.ok).toBe(true);
    const [admin] = await db().select().from(users).where(eq(users.email, 'admin@pwdf.example.org'));
    expect(admin).toMatchObject({ operatorId: op.id, roles: ['operator_admin'], mustChangePassword: true });
    expect(await lastAudit(admin!.id)).toMatchObject({ action: 'user.create', operatorId: op.id });
    expect(JSON.stringify((await lastAudit(admin!.id))?.after)).not.toContain('argon2');
    expect(
      await createOperatorAdminAction({
        operatorId: op.id,
        email: 'admin@pwdf.example.org',
        name: 'Again',
        password: NEW_PASSWORD,
      }),
    ).toMatchObject({ ok: false, code: 'CONFLICT', fieldErrors: { email: ['emailTaken'] } });
  });

  it('deactivates an operator: its users can no longer sign in or act', async () => {
    const op = await makeOperator();
    const staff = await makeUser({ operatorId: op.id, roles: ['viewer'] });
    await signInAs(platformAdminId);
    expect(await setOperatorActiveAction({ operatorId: op.id, active: false })).toMatchObject({ ok: true });
    expect(await lastAudit(op.id)).toMatchObject({
      action: 'operator.deactivate',
      before: { active: true },
      after: { active: false },
    });
    await signInAs(staff.id);
    await expect(requireUser()).rejects.toBeInstanceOf(DomainError);
    await signInAs(platformAdminId);
    expect(await setOperatorActiveAction({ operatorId: op.id, active: true })).toMatchObject({ ok: true });
    await signInAs(staff.id);
    await expect(requireUser()).resolves.toMatchObject({ id: staff.id });
  });
});

describe('operator administrator: staff accounts of their own operator', () => {
  let operatorId: string;
  let adminId: string;
  beforeAll(async () => {
    operatorId = (await makeOperator()).id;
    adminId = (await makeUser({ operatorId, roles: ['operator_admin'] })).id;
  });

  it('creates an officer with several roles; the roles and operator come from the session, not the input', async () => {
    await signInAs(adminId);
    const other = await makeOperator();
    const res = await createUserAction({
      email: 'dara@example.org',
      name: 'Dara',
      roles: ['enrolment_officer', 'grievance_officer'],
      password: NEW_PASSWORD,
      operatorId: other.id,
    });
    expect(res.ok).toBe(true);
    const [dara] = await db().select().from(users).where(eq(users.email, 'dara@example.org'));
    expect(dara).toMatchObject({
      operatorId,
      roles: ['enrolment_officer', 'grievance_officer'],
      mustChangePassword: true,
    });
  });

  it('rejects bad input with every field error at once', async () => {
    await signInAs(adminId);
    const res = await createUserAction({ email: 'not-an-email', name: '', roles: ['superuser'], password: 'short' });
    expect(res).toMatchObject({ ok: false, code: 'INVALID' });
    if (res.ok) return;
    expect(Object.keys(res.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'password', 'roles.0']);
    expect(
      await createUserAction({ email: 'x@example.org', name: 'X', roles: [], password: 'password1234' }),
    ).toMatchObject({ fieldErrors: { roles: ['rolesRequired'], password: ['passwordCommon'] } });
  });

  it('edits name and roles with before/after in the audit trail', async () => {
    const staff = await makeUser({ operatorId, roles: ['viewer'] });
    await signInAs(adminId);
    expect(
      await updateUserAction({ userId: staff.id, name: 'Renamed', roles: ['payment_officer', 'viewer'] }),
    ).toMatchObject({ ok: true });
    expect(await lastAudit(staff.id)).toMatchObject({
      action: 'user.update',
      actorId: adminId,
      before: { name: 'Test User', roles: ['viewer'] },
      after: { name: 'Renamed', roles: ['payment_officer', 'viewer'] },
    });
  });

  it('deactivates and reactivates; a deactivation ends the open sessions', async () => {
    const staff = await makeUser({ operatorId, roles: ['viewer'] });
    const sid = await signInAs(staff.id);
    await signInAs(adminId);
    expect(await setUserActiveAction({ userId: staff.id, active: false })).toMatchObject({ ok: true });
    const [s] = await db().select().from(userSessions).where(eq(userSessions.id, sid!));
    expect(s?.revokedAt).not.toBeNull();
    expect(await setUserActiveAction({ userId: staff.id, active: true })).toMatchObject({ ok: true });
    const actions = await db().select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, staff.id));
    expect(actions.map((r) => r.a)).toEqual(expect.arrayContaining(['user.deactivate', 'user.reactivate']));
  });

  it('cannot lock themselves out', async () => {
    await signInAs(adminId);
    expect(await setUserActiveAction({ userId: adminId, active: false })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect(await updateUserAction({ userId: adminId, name: 'Me', roles: ['viewer'] })).toMatchObject({
      ok: false,
      fieldErrors: { roles: ['cannotDemoteSelf'] },
    });
  });

  it('resets a password: the user must change it at next sign-in, and their sessions end', async () => {
    const staff = await makeUser({ operatorId, roles: ['viewer'] });
    const sid = await signInAs(staff.id);
    await signInAs(adminId);
    expect(await resetUserPasswordAction({ userId: staff.id, password: NEW_PASSWORD })).toMatchObject({ ok: true });
    const [row] = await db().select().from(users).where(eq(users.id, staff.id));
    expect(row?.mustChangePassword).toBe(true);
    const [s] = await db().select().from(userSessions).where(eq(userSessions.id, sid!));
    expect(s?.revokedAt).not.toBeNull();
  });

  it("never touches another operator's staff", async () => {
    const other = await makeOperator();
    const foreign = await makeUser({ operatorId: other.id, roles: ['viewer'] });
    await signInAs(adminId);
    expect(await updateUserAction({ userId: foreign.id, name: 'Hijack', roles: ['operator_admin'] })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    const [row] = await db().select().from(users).where(eq(users.id, foreign.id));
    expect(row?.name).toBe('Test User');
  });
});

describe('every user: own password and language', () => {
  it('changes the password with the current one; short, common or mismatched ones are refused', async () => {
    const op = await makeOperator();
    const me = await makeUser({ operatorId: op.id, roles: ['viewer'], mustChangePassword: true });
    const otherSession = await signInAs(me.id);
    await signInAs(me.id);
    expect(
      await changePasswordAction({
        currentPassword: 'wrong-password-x',
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toMatchObject({ ok: false, fieldErrors: { currentPassword: ['currentPasswordWrong'] } });
    expect(
      await changePasswordAction({ currentPassword: PASSWORD, newPassword: 'short', confirmPassword: 'short' }),
    ).toMatchObject({ ok: false, fieldErrors: { newPassword: ['passwordTooShort'] } });
    expect(
      await changePasswordAction({
        currentPassword: PASSWORD,
        newPassword: 'qwertyuiop123',
        confirmPassword: 'qwertyuiop123',
      }),
    ).toMatchObject({ ok: false, fieldErrors: { newPassword: ['passwordCommon'] } });
    expect(
      await changePasswordAction({
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: 'different-one-123',
      }),
    ).toMatchObject({ ok: false, fieldErrors: { confirmPassword: ['passwordMismatch'] } });
    expect(
      await changePasswordAction({
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toMatchObject({ ok: true });
    const [row] = await db().select().from(users).where(eq(users.id, me.id));
    expect(row?.mustChangePassword).toBe(false);
    const { verifyPassword } = await import('@/lib/auth/password');
    expect(await verifyPassword(row!.passwordHash, NEW_PASSWORD)).toBe(true);
    // The other sign-in of this account has ended; this one goes on.
    const [other] = await db().select().from(userSessions).where(eq(userSessions.id, otherSession!));
    expect(other?.revokedAt).not.toBeNull();
    await expect(requireUser()).resolves.toMatchObject({ id: me.id });
  });

  it('chooses the interface language, remembered on the account', async () => {
    const op = await makeOperator();
    const me = await makeUser({ operatorId: op.id, roles: ['viewer'] });
    await signInAs(me.id);
    expect(await setLocaleAction({ locale: 'en' })).toMatchObject({ ok: true });
    expect(await setLocaleAction({ locale: 'fr' })).toMatchObject({ ok: false, code: 'INVALID' });
    const [row] = await db().select().from(users).where(eq(users.id, me.id));
    expect(row?.locale).toBe('en');
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, me.id), eq(auditLog.action, 'user.set_locale')));
    expect(audit).toHaveLength(1);
  });
});
