import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { db } from '@/db/client';
import { operators, userSessions, users, type Role } from '@/db/schema';
import { sessionCookieName } from '@/lib/auth/cookies';
import { hashPassword } from '@/lib/auth/password';
import { authSecret } from '@/lib/env';
import { cookieJar, resetRequest } from './request';

export const PASSWORD = 'Correct-Horse-42-Battery';
let passwordHash: Promise<string> | undefined;

export async function makeOperator(
  code = `OP${randomUUID()
    .slice(0, 6)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X')}`,
) {
  const [row] = await db()
    .insert(operators)
    .values({ code, nameKm: 'មូលនិធិ', nameEn: `Operator ${code}` })
    .returning();
  return row!;
}

export async function makeUser(
  opts: {
    operatorId?: string | null;
    roles?: Role[];
    isPlatformAdmin?: boolean;
    active?: boolean;
    mustChangePassword?: boolean;
    email?: string;
  } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const [row] = await db()
    .insert(users)
    .values({
      operatorId: opts.isPlatformAdmin ? null : opts.operatorId!,
      email: opts.email ?? `u-${randomUUID()}@example.org`,
      name: 'Test User',
      passwordHash: await passwordHash,
      roles: opts.roles ?? [],
      isPlatformAdmin: opts.isPlatformAdmin ?? false,
      active: opts.active ?? true,
      mustChangePassword: opts.mustChangePassword ?? false,
    })
    .returning();
  return row!;
}

/** A fresh server-side session and its signed cookie, as next-auth would have set it. */
export async function signInAs(userId: string | null): Promise<string | null> {
  resetRequest();
  if (!userId) return null;
  const [s] = await db().insert(userSessions).values({ userId }).returning({ id: userSessions.id });
  const token = await encode({ token: { sub: userId, sid: s!.id }, secret: authSecret() });
  cookieJar.set(sessionCookieName(), token);
  return s!.id;
}

export async function setActive(userId: string, active: boolean) {
  await db().update(users).set({ active }).where(eq(users.id, userId));
}
