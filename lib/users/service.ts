import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db, type Db } from '@/db/client';
import { userSessions, users, type Role } from '@/db/schema';
import { forgetCachedSessions } from '@/lib/auth/session';
import { diff, writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { hashPassword } from '@/lib/auth/password';
import { DomainError } from '@/lib/errors';
import { createUserRow } from './create';
import type { createUserSchema, resetPasswordSchema, setUserActiveSchema, updateUserSchema } from './schemas';

/** What the staff pages show: never the hash. */
const staffColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  roles: users.roles,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  lockedUntil: users.lockedUntil,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

export type StaffMember = Omit<{ [K in keyof typeof staffColumns]: (typeof staffColumns)[K]['_']['data'] }, 'roles'> & {
  roles: Role[];
};

export async function listStaff(actor: OperatorUser): Promise<StaffMember[]> {
  const rows = await db().select(staffColumns).from(users).where(ownedBy(users, actor)).orderBy(asc(users.name));
  return rows as StaffMember[];
}

export async function getStaffMember(actor: OperatorUser, userId: string): Promise<StaffMember> {
  const [row] = await db()
    .select(staffColumns)
    .from(users)
    .where(and(eq(users.id, userId), ownedBy(users, actor)));
  // Another operator's user is answered exactly like a missing one.
  if (!row) throw new DomainError('NOT_FOUND');
  return row as StaffMember;
}

export async function createStaff(
  actor: OperatorUser,
  input: z.output<typeof createUserSchema>,
): Promise<{ id: string }> {
  return db().transaction(async (tx) => ({
    id: await createUserRow(tx, actor, { ...input, operatorId: actor.operatorId }),
  }));
}

/** Locks the target row, scoped to the actor's operator. */
async function lockStaff(tx: Db, actor: OperatorUser, userId: string) {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, userId), ownedBy(users, actor)))
    .for('update');
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

export async function updateStaff(actor: OperatorUser, input: z.output<typeof updateUserSchema>): Promise<void> {
  await db().transaction(async (tx) => {
    const before = await lockStaff(tx, actor, input.userId);
    if (before.id === actor.id && !input.roles.includes('operator_admin')) {
      throw new DomainError('CONFLICT', 'cannotDemoteSelf', { roles: ['cannotDemoteSelf'] });
    }
    const roles = [...new Set(input.roles)].sort();
    const d = diff({ name: before.name, roles: [...before.roles].sort() }, { name: input.name, roles });
    if (!d.changed) return;
    await tx
      .update(users)
      .set({ name: input.name, roles, updatedAt: sql`now()` })
      .where(eq(users.id, before.id));
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'user.update',
      entityType: 'user',
      entityId: before.id,
      before: d.before,
      after: d.after,
    });
  });
  forgetCachedSessions();
}

export async function setStaffActive(actor: OperatorUser, input: z.output<typeof setUserActiveSchema>): Promise<void> {
  await db().transaction(async (tx) => {
    const before = await lockStaff(tx, actor, input.userId);
    if (before.id === actor.id && !input.active) throw new DomainError('CONFLICT', 'cannotDeactivateSelf');
    if (before.active === input.active) return;
    await tx
      .update(users)
      .set({ active: input.active, updatedAt: sql`now()` })
      .where(eq(users.id, before.id));
    if (!input.active) await revokeAllSessions(tx, before.id);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: input.active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'user',
      entityId: before.id,
      before: { active: before.active },
      after: { active: input.active },
    });
  });
  forgetCachedSessions();
}

export async function resetStaffPassword(
  actor: OperatorUser,
  input: z.output<typeof resetPasswordSchema>,
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db().transaction(async (tx) => {
    const before = await lockStaff(tx, actor, input.userId);
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        lockedUntil: null,
        failedAttempts: 0,
        failureWindowStartedAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, before.id));
    await revokeAllSessions(tx, before.id);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'user.reset_password',
      entityType: 'user',
      entityId: before.id,
      before: { mustChangePassword: before.mustChangePassword },
      after: { mustChangePassword: true },
    });
  });
  forgetCachedSessions();
}

export async function revokeAllSessions(tx: Db, userId: string): Promise<void> {
  await tx
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}
