import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { tenantOf, type Tenant } from '@/lib/auth/scope';

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
  // One statement for any number of members (a bulk enrolment of 100,000 households): the ids as one
  // JSON parameter, the version bump, the outbox rows (reference id = recordReferenceId's
  // `<member id>.v<version>`) and the members' registry state, as enqueueMemberChanges writes them.
  await tx.execute(sql`with ids as (
        select distinct value::uuid as id from jsonb_array_elements_text(${JSON.stringify(memberIds)}::jsonb)),
      bumped as (update members m set version = m.version + 1, updated_at = now() from ids
        where m.operator_id = ${tenantOf(tenant)} and m.id = ids.id
        returning m.id, m.operator_id, m.version),
      queued as (insert into registry_outbox (operator_id, member_id, member_version, reference_id, caused_by)
        select operator_id, id, version, id::text || '.v' || version::text, ${causedBy}::uuid from bumped
        on conflict (reference_id) do nothing returning 1)
    insert into member_registry (member_id, operator_id, state)
      select id, operator_id, 'queued' from bumped
    on conflict (member_id) do update set state = 'queued', last_error = null, last_reason_code = null,
      last_reason_message = null, attempts = 0, updated_at = now()`);
}
