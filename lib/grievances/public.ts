import 'server-only';
import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { operators } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownOperator, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { listCategories } from './categories';
import { createPublicGrievance } from './intake';
import type { PublicGrievanceData } from './schemas';

// The operator's public grievance page (no sign-in). Off until the operator's administrator turns it on;
// while off, the page and its form answer 404 as for an unknown code, so nobody learns which codes exist.

export interface PublicOperator extends Tenant {
  operatorCode: string;
  nameKm: string;
  nameEn: string;
}

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The operator whose public page this is, when the page is on (an active operator that takes public
 * grievances); else null. Looked up by its public code across operators on purpose: the caller has no
 * session, the code in the address is all there is.
 */
export async function publicIntakeOperator(code: string): Promise<PublicOperator | null> {
  if (!CODE.test(code)) return null;
  const [row] = await db()
    .select({
      operatorId: operators.id,
      operatorCode: operators.code,
      nameKm: operators.nameKm,
      nameEn: operators.nameEn,
    })
    .from(operators)
    .where(and(eq(operators.code, code), eq(operators.active, true), eq(operators.publicGrievances, true)));
  return row ?? null;
}

export interface PublicCategory {
  id: string;
  nameKm: string;
  nameEn: string;
}

/** The categories a person may choose: the operator's active top-level ones, sensitive ones included. */
export async function publicCategories(operator: PublicOperator): Promise<PublicCategory[]> {
  const all = await listCategories(operator, { activeOnly: true });
  return all.filter((c) => !c.parentId).map(({ id, nameKm, nameEn }) => ({ id, nameKm, nameEn }));
}

/** Files the grievance; answers only its new reference (nothing else about the operator's grievances). */
export async function submitPublicGrievance(operator: PublicOperator, data: PublicGrievanceData): Promise<string> {
  const created = await createPublicGrievance(operator, data);
  return created.code;
}

/**
 * What the honeypot's robot is told: a reference shaped like a real one, made up and stored nowhere,
 * so the answer looks like any other and teaches it nothing.
 */
export function decoyReference(operator: PublicOperator): string {
  return `${operator.operatorCode}-G-${String(randomInt(1, 1_000_000)).padStart(6, '0')}`;
}

/** Whether the caller's operator has its public page on (the settings page). */
export async function publicIntakeEnabled(actor: OperatorUser): Promise<boolean> {
  const [row] = await db().select({ on: operators.publicGrievances }).from(operators).where(ownOperator(actor));
  if (!row) throw new DomainError('NOT_FOUND');
  return row.on;
}

/** Turns the caller's operator's public page on or off, audited. */
export async function setPublicIntake(actor: OperatorUser, data: { enabled: boolean }): Promise<{ enabled: boolean }> {
  return db().transaction(async (tx) => {
    const [before] = await tx
      .select({ on: operators.publicGrievances })
      .from(operators)
      .where(ownOperator(actor))
      .for('update');
    if (!before) throw new DomainError('NOT_FOUND');
    if (before.on === data.enabled) return { enabled: before.on };
    await tx.update(operators).set({ publicGrievances: data.enabled, updatedAt: new Date() }).where(ownOperator(actor));
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'grievance.publicIntake',
      entityType: 'operator',
      entityId: actor.operatorId,
      before: { publicGrievances: before.on },
      after: { publicGrievances: data.enabled },
    });
    return { enabled: data.enabled };
  });
}
