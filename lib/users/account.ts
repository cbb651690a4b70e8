import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { forgetCachedSessions } from '@/lib/auth/session';
import { writeAudit } from '@/lib/audit/write';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { SessionUser } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import type { changePasswordSchema, setLocaleSchema } from './schemas';

export async function changeOwnPassword(
  user: SessionUser,
  input: z.output<typeof changePasswordSchema>,
): Promise<void> {
  const [row] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new DomainError('INVALID', 'currentPasswordWrong', { currentPassword: ['currentPasswordWrong'] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    // Other sign-ins of this account end: whoever knew the old password is out.
    await tx
      .update(userSessions)
      .set({ revokedAt: sql`now()` })
      .where(
        and(eq(userSessions.userId, user.id), ne(userSessions.id, user.sessionId), isNull(userSessions.revokedAt)),
      );
    await writeAudit(tx, {
      operatorId: user.operatorId,
      actorId: user.id,
      action: 'user.change_password',
      entityType: 'user',
      entityId: user.id,
    });
  });
  forgetCachedSessions();
}

export async function setOwnLocale(user: SessionUser, input: z.output<typeof setLocaleSchema>): Promise<void> {
  if (user.locale === input.locale) return;
  await db().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ locale: input.locale, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    await writeAudit(tx, {
      operatorId: user.operatorId,
      actorId: user.id,
      action: 'user.set_locale',
      entityType: 'user',
      entityId: user.id,
      before: { locale: user.locale },
      after: { locale: input.locale },
    });
  });
  forgetCachedSessions();
}
