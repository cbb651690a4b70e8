import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { households, operatorSequences } from '@/db/schema';
import { ownedBy, type Tenant } from '@/lib/auth/scope';

/**
 * The operator's human-readable references, allocated in one place: a household code
 * PWDF-000123, a grievance PWDF-G-000123, a payment list PWDF-P-000123. Each sequence is one row
 * of operator_sequences per operator; the upsert's row lock orders concurrent writers, so two
 * transactions never get the same number, and a rolled-back transaction leaves a gap (as paper
 * registers do) rather than a duplicate.
 */
export const SEQUENCES = {
  household: '',
  grievance: 'G-',
  paymentList: 'P-',
} as const;
export type Sequence = keyof typeof SEQUENCES;

// The row's name in operator_sequences; "household" predates the others and keeps its name.
const rowName: Record<Sequence, string> = {
  household: 'household',
  grievance: 'grievance',
  paymentList: 'payment_list',
};

export interface CodeOwner extends Tenant {
  /** The operator's short code, the references' prefix. */
  readonly operatorCode: string | null;
}

/** Reserves `n` consecutive references of `sequence` in the caller's transaction, in order. */
export async function reserveCodes(tx: Db, operator: CodeOwner, sequence: Sequence, n: number): Promise<string[]> {
  if (n <= 0) return [];
  if (!operator.operatorCode) throw new Error('reserveCodes: the operator has no code');
  const [row] = await tx
    .insert(operatorSequences)
    .values({ operatorId: operator.operatorId, name: rowName[sequence], value: n })
    .onConflictDoUpdate({
      target: [operatorSequences.operatorId, operatorSequences.name],
      set: { value: sql`${operatorSequences.value} + ${n}` },
    })
    .returning({ value: operatorSequences.value });
  const first = row!.value - n + 1;
  const prefix = `${operator.operatorCode}-${SEQUENCES[sequence]}`;
  return Array.from({ length: n }, (_, k) => `${prefix}${String(first + k).padStart(6, '0')}`);
}

/**
 * Reserves the next household code and gives it to the household `householdId` (inserted by the
 * caller's transaction with a provisional code). The counter's row stays locked from the reservation
 * until the transaction commits, so callers do this last: an enrolment's other writes (members,
 * registry queue) then no longer hold up the operator's other enrolments.
 */
export async function assignHouseholdCode(tx: Db, operator: CodeOwner, householdId: string): Promise<string> {
  const code = await reserveCode(tx, operator, 'household');
  const [row] = await tx
    .update(households)
    .set({ code })
    .where(and(eq(households.id, householdId), ownedBy(households, operator)))
    .returning({ id: households.id });
  if (!row) throw new Error('assignHouseholdCode: no such household');
  return code;
}

/** A household's code until assignHouseholdCode gives it its own, in the same transaction. */
export const provisionalCode = (householdId: string) => `~${householdId}`;

/** One reference. */
export async function reserveCode(tx: Db, operator: CodeOwner, sequence: Sequence): Promise<string> {
  return (await reserveCodes(tx, operator, sequence, 1))[0]!;
}
