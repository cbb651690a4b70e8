import 'server-only';
import { asc, count, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { operators, users, type OperatorRow } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { SessionUser } from '@/lib/auth/session';
import { forgetCachedSessions } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { createUserRow } from '@/lib/users/create';
import { CamdxConfigError, formatRepresentedParty, parseRepresentedParty } from '@/lib/camdx';
import { env } from '@/lib/env';
import type {
  createOperatorAdminSchema,
  createOperatorSchema,
  setOperatorActiveSchema,
  setRepresentedPartySchema,
} from './schemas';

export interface OperatorSummary {
  id: string;
  code: string;
  nameKm: string;
  nameEn: string;
  active: boolean;
  camdxRepresentedParty: string | null;
  userCount: number;
  createdAt: Date;
}

export async function listOperators(): Promise<OperatorSummary[]> {
  return db()
    .select({
      id: operators.id,
      code: operators.code,
      nameKm: operators.nameKm,
      nameEn: operators.nameEn,
      active: operators.active,
      camdxRepresentedParty: operators.camdxRepresentedParty,
      createdAt: operators.createdAt,
      userCount: count(users.id),
    })
    .from(operators)
    .leftJoin(users, eq(operators.id, users.operatorId))
    .groupBy(operators.id)
    .orderBy(asc(operators.code));
}

export async function createOperator(
  actor: SessionUser,
  input: z.output<typeof createOperatorSchema>,
): Promise<{ id: string }> {
  return db().transaction(async (tx) => {
    const [existing] = await tx.select({ id: operators.id }).from(operators).where(eq(operators.code, input.code));
    if (existing) throw new DomainError('CONFLICT', 'operatorCodeTaken', { code: ['operatorCodeTaken'] });
    const [row] = await tx.insert(operators).values(input).returning();
    await writeAudit(tx, {
      operatorId: null,
      actorId: actor.id,
      action: 'operator.create',
      entityType: 'operator',
      entityId: row!.id,
      after: operatorSnapshot(row!),
    });
    return { id: row!.id };
  });
}

export async function setOperatorActive(
  actor: SessionUser,
  input: z.output<typeof setOperatorActiveSchema>,
): Promise<void> {
  await db().transaction(async (tx) => {
    const [before] = await tx.select().from(operators).where(eq(operators.id, input.operatorId)).for('update');
    if (!before) throw new DomainError('NOT_FOUND');
    if (before.active === input.active) return;
    await tx
      .update(operators)
      .set({ active: input.active, updatedAt: sql`now()` })
      .where(eq(operators.id, before.id));
    await writeAudit(tx, {
      operatorId: null,
      actorId: actor.id,
      action: input.active ? 'operator.reactivate' : 'operator.deactivate',
      entityType: 'operator',
      entityId: before.id,
      before: { active: before.active },
      after: { active: input.active },
    });
  });
  forgetCachedSessions();
}

/** The party `[class/]code` in X-Road's identifier rules as configured, in its stored form; '' is none. */
function checkedParty(text: string): string | null {
  if (text === '') return null;
  try {
    return formatRepresentedParty(parseRepresentedParty(text, env.CAMDX_STRICT_IDENTIFIERS));
  } catch (e) {
    if (e instanceof CamdxConfigError)
      throw new DomainError(
        'INVALID',
        'representedParty',
        { camdxRepresentedParty: ['representedParty'] },
        { cause: e },
      );
    throw e;
  }
}

/** The X-Road-Represented-Party sent on this operator's CamDX calls (its next sync batch on). */
export async function setOperatorRepresentedParty(
  actor: SessionUser,
  input: z.output<typeof setRepresentedPartySchema>,
): Promise<{ camdxRepresentedParty: string | null }> {
  const party = checkedParty(input.camdxRepresentedParty);
  return db().transaction(async (tx) => {
    const [before] = await tx.select().from(operators).where(eq(operators.id, input.operatorId)).for('update');
    if (!before) throw new DomainError('NOT_FOUND');
    if (before.camdxRepresentedParty === party) return { camdxRepresentedParty: party };
    await tx
      .update(operators)
      .set({ camdxRepresentedParty: party, updatedAt: sql`now()` })
      .where(eq(operators.id, before.id));
    await writeAudit(tx, {
      operatorId: null,
      actorId: actor.id,
      action: 'operator.camdx_represented_party',
      entityType: 'operator',
      entityId: before.id,
      before: { camdxRepresentedParty: before.camdxRepresentedParty },
      after: { camdxRepresentedParty: party },
    });
    return { camdxRepresentedParty: party };
  });
}

/** The operator's first administrator; they must choose their own password at first sign-in. */
export async function createOperatorAdmin(
  actor: SessionUser,
  input: z.output<typeof createOperatorAdminSchema>,
): Promise<{ id: string }> {
  return db().transaction(async (tx) => {
    const [op] = await tx.select({ id: operators.id }).from(operators).where(eq(operators.id, input.operatorId));
    if (!op) throw new DomainError('NOT_FOUND');
    const id = await createUserRow(tx, actor, {
      operatorId: op.id,
      email: input.email,
      name: input.name,
      password: input.password,
      roles: ['operator_admin'],
    });
    return { id };
  });
}

function operatorSnapshot(row: OperatorRow) {
  return { code: row.code, nameKm: row.nameKm, nameEn: row.nameEn, active: row.active };
}
