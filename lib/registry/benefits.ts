import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { query } from '@/db/rows';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import { enqueueMemberChanges } from './outbox';

/**
 * Tells the registry that what these members receive changed (an enrolment made, suspended or
 * ended; a payment reconciled): their record carries the DCI IBR Beneficiary data (programme,
 * enrolment status, latest benefit). Call it in the transaction of the change. Set-based.
 *
 * A household's enrolment is carried by the household's head; a member's by that member: pass
 * those members' ids. Each gets a new record version (the registry's idempotency key is per
 * version), so the change is sent even when nothing else about the person changed.
 */
export async function enqueueBenefitChanges(
  tx: Db,
  tenant: Tenant,
  memberIds: readonly string[],
  causedBy: string | null,
): Promise<void> {
  if (memberIds.length === 0) return;
  const bumped = await query<{ id: string; operator_id: string; version: number }>(
    tx,
    sql`update members set version = version + 1, updated_at = now()
      where operator_id = ${tenantOf(tenant)}
        and id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify([...new Set(memberIds)])}::jsonb))
      returning id, operator_id, version`,
  );
  await enqueueMemberChanges(
    tx,
    bumped.map((m) => ({ id: m.id, operatorId: m.operator_id, version: Number(m.version) })),
    causedBy,
  );
}
