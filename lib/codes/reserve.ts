import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { operatorSequences } from '@/db/schema';
import type { Tenant } from '@/lib/auth/scope';
import { rowsOf } from '@/db/rows';

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
 * Reserves the next household code and writes it into the household `householdId` (inserted by the
 * caller's transaction with a provisional code), in one statement. The counter's row stays locked
 * from here until the transaction commits, so callers do this last: an enrolment's other writes
 * (members, registry queue) then no longer hold up the operator's other enrolments.
 */
export async function assignHouseholdCode(tx: Db, operator: CodeOwner, householdId: string): Promise<string> {
  if (!operator.operatorCode) throw new Error('assignHouseholdCode: the operator has no code');
  const prefix = `${operator.operatorCode}-${SEQUENCES.household}`;
  const rows = rowsOf<{ code: string }>(
    await tx.execute(sql`
      with s as (
        insert into operator_sequences (operator_id, name, value) values (${operator.operatorId}, ${rowName.household}, 1)
        on conflict (operator_id, name) do update set value = operator_sequences.value + 1
        returning value)
      update households set code = ${prefix} || lpad(s.value::text, greatest(6, length(s.value::text)), '0')
      from s where households.id = ${householdId} and households.operator_id = ${operator.operatorId}
      returning households.code`),
  );
  if (!rows[0]) throw new Error('assignHouseholdCode: no such household');
  return rows[0].code;
}

/** A household's code until assignHouseholdCode gives it its own, in the same transaction. */
export const provisionalCode = (householdId: string) => `~${householdId}`;

/** One reference. */
export async function reserveCode(tx: Db, operator: CodeOwner, sequence: Sequence): Promise<string> {
  return (await reserveCodes(tx, operator, sequence, 1))[0]!;
}
