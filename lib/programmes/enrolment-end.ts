import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { query } from '@/db/rows';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { tenantOf } from '@/lib/auth/scope';
import { audit, carriersOf, tellRegistry } from './enrolment-common';

// A death or an exit recorded in the register ends the person's benefits in the same transaction
// (lib/records/lifecycle.ts calls these): their active or suspended member enrolments become
// exited, and so do the household's enrolments once no active member is left. Each ended
// enrolment gets its audit row and the registry is told.

export type EndCause = 'death' | 'exit';

interface Ended {
  id: string;
  status: string;
}

async function endWhere(
  tx: Db,
  actor: OperatorUser,
  which: ReturnType<typeof sql>,
  cause: EndCause,
  date: string,
): Promise<Ended[]> {
  const ended = await query<Ended & { before_status: string }>(
    tx,
    sql`update benefit_enrolments e set status = 'exited', status_reason = ${cause}, status_date = ${date}::date,
        version = e.version + 1, updated_at = now()
      from benefit_enrolments old
      where old.id = e.id and e.operator_id = ${tenantOf(actor)} and e.status in ('active', 'suspended') and ${which}
      returning e.id, e.status, old.status as before_status`,
  );
  for (const e of ended) {
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.status',
      entityType: 'enrolment',
      entityId: e.id,
      before: { status: e.before_status },
      after: { status: 'exited', statusReason: cause, statusDate: date },
    });
  }
  return ended;
}

/** Ends the household's enrolments (the household closed, or its last active member gone). */
export async function endHouseholdBenefits(
  tx: Db,
  actor: OperatorUser,
  householdId: string,
  cause: EndCause,
  date: string,
): Promise<string[]> {
  const ended = await endWhere(
    tx,
    actor,
    sql`e.household_id = ${householdId}::uuid and e.member_id is null`,
    cause,
    date,
  );
  await tellRegistry(
    tx,
    actor,
    await carriersOf(
      tx,
      actor,
      ended.map((e) => e.id),
    ),
  );
  return ended.map((e) => e.id);
}

/**
 * After a member's death or exit (its status already changed in `tx`): ends the member's own
 * enrolments, and the household's when it has no active member left. Returns the ended ids.
 */
export async function endBenefitsOfMember(
  tx: Db,
  actor: OperatorUser,
  member: { id: string; householdId: string },
  cause: EndCause,
  date: string,
): Promise<string[]> {
  const own = await endWhere(tx, actor, sql`e.member_id = ${member.id}::uuid`, cause, date);
  await tellRegistry(
    tx,
    actor,
    await carriersOf(
      tx,
      actor,
      own.map((e) => e.id),
    ),
  );
  const [left] = await query<{ n: number }>(
    tx,
    sql`select count(*)::int as n from members
      where household_id = ${member.householdId}::uuid and operator_id = ${tenantOf(actor)} and status = 'active'`,
  );
  const household =
    Number(left?.n ?? 0) === 0 ? await endHouseholdBenefits(tx, actor, member.householdId, cause, date) : [];
  return [...own.map((e) => e.id), ...household];
}

/**
 * After a member moved to another household (in `tx`): the member's own enrolments follow them, and
 * an enrolment of the former household that they collected for falls back to its default recipient
 * (the former household's active head, or none until an officer names one). Audited per enrolment.
 */
export async function followMovedMember(
  tx: Db,
  actor: OperatorUser,
  member: { id: string; from: string; to: string },
): Promise<void> {
  const moved = await query<{ id: string }>(
    tx,
    sql`update benefit_enrolments e set household_id = ${member.to}::uuid, version = e.version + 1, updated_at = now()
      where e.operator_id = ${tenantOf(actor)} and e.member_id = ${member.id}::uuid
      returning e.id`,
  );
  const recipients = await query<{ id: string; recipient: string | null }>(
    tx,
    sql`update benefit_enrolments e set recipient_member_id = (select m.id from members m
          where m.household_id = ${member.from}::uuid and m.operator_id = ${tenantOf(actor)}
            and m.relationship = 'head' and m.status = 'active' limit 1),
        version = e.version + 1, updated_at = now()
      where e.operator_id = ${tenantOf(actor)} and e.household_id = ${member.from}::uuid
        and e.member_id is null and e.recipient_member_id = ${member.id}::uuid
      returning e.id, e.recipient_member_id as recipient`,
  );
  for (const e of moved)
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.move',
      entityType: 'enrolment',
      entityId: e.id,
      before: { householdId: member.from },
      after: { householdId: member.to },
    });
  for (const e of recipients)
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.payment_details',
      entityType: 'enrolment',
      entityId: e.id,
      before: { recipientMemberId: member.id },
      after: { recipientMemberId: e.recipient },
    });
}
