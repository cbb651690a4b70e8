import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { hashPassword } from '@/lib/auth/password';
import { DomainError } from '@/lib/errors';

export interface NewUser {
  operatorId: string | null;
  email: string;
  name: string;
  password: string;
  roles: Role[];
  isPlatformAdmin?: boolean;
  /** Accounts made by someone else start with a password only that person knows: change it at first sign-in. */
  mustChangePassword?: boolean;
}

/** Inserts a user and its audit row in the caller's transaction. */
export async function createUserRow(tx: Db, actor: { id: string } | null, input: NewUser): Promise<string> {
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
  if (taken) throw new DomainError('CONFLICT', 'emailTaken', { email: ['emailTaken'] });
  const [row] = await tx
    .insert(users)
    .values({
      operatorId: input.operatorId,
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      roles: input.roles,
      isPlatformAdmin: input.isPlatformAdmin ?? false,
      mustChangePassword: input.mustChangePassword ?? true,
    })
    .returning({ id: users.id });
  await writeAudit(tx, {
    operatorId: input.operatorId,
    actorId: actor?.id ?? row!.id,
    action: 'user.create',
    entityType: 'user',
    entityId: row!.id,
    after: {
      email: input.email,
      name: input.name,
      roles: input.roles,
      isPlatformAdmin: input.isPlatformAdmin ?? false,
      active: true,
    },
  });
  return row!.id;
}
