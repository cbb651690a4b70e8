import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { benefitEnrolments, households, members, type EnrolmentRow } from '@/db/schema';
import { query } from '@/db/rows';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { activeProgramme, audit, carriersOf, tellRegistry } from './enrolment-common';
import { enrolmentToday, type EnrolData } from './enrolment-schemas';
import type { BenefitRules } from './rules';
import { householdCondition, householdsOnDate, memberCondition, memberCounts } from './rules-sql';

// Enrolling one household or one member in a programme (issue 10). One transaction: the checks on
// locked rows, the insert, its audit row and the registry's outbox row. Eligibility is the
// programme's own rules evaluated in SQL on today's date in Cambodia, exactly as bulk enrolment and
// payment lists evaluate them.

const alreadyEnrolled = () => new DomainError('CONFLICT', 'enrolmentAlreadyEnrolled');

async function householdEligible(tx: Db, actor: OperatorUser, rules: BenefitRules, id: string, date: string) {
  const [row] = await query<{ ok: boolean }>(
    tx,
    sql`with h as (${householdsOnDate(actor, date, [id])})
      select exists (select 1 from h where ${householdCondition(rules.eligibility, date, actor)}) as ok`,
  );
  return row?.ok === true;
}

/** The member counts on the date and matches one of the programme's member rules. */
async function memberEligible(
  tx: Db,
  actor: OperatorUser,
  rules: BenefitRules,
  m: { id: string; householdId: string },
  date: string,
) {
  if (rules.members.length === 0) return false;
  const any = sql.join(
    rules.members.map((r) => memberCondition(r.when, date)),
    sql` or `,
  );
  const [row] = await query<{ ok: boolean }>(
    tx,
    sql`with h as (${householdsOnDate(actor, date, [m.householdId])})
      select exists (select 1 from members m join h on h.id = m.household_id
        where m.id = ${m.id}::uuid and m.operator_id = ${tenantOf(actor)} and ${memberCounts(date)} and (${any})) as ok`,
  );
  return row?.ok === true;
}

async function lockHousehold(tx: Db, actor: OperatorUser, id: string) {
  const [h] = await tx
    .select({ id: households.id, status: households.status })
    .from(households)
    .where(and(eq(households.id, id), ownedBy(households, actor)))
    .for('share');
  if (!h) throw new DomainError('NOT_FOUND');
  if (h.status !== 'active') throw new DomainError('INVALID', 'enrolmentHouseholdClosed');
  return h;
}

/** The household's active head: who collects a household's benefit unless someone else is named. */
async function activeHead(tx: Db, actor: OperatorUser, householdId: string): Promise<string | null> {
  const [head] = await tx
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.householdId, householdId),
        ownedBy(members, actor),
        eq(members.relationship, 'head'),
        eq(members.status, 'active'),
      ),
    );
  return head?.id ?? null;
}

/** Enrols a household (memberId '') or one of its members. Refused: not eligible, not active, already enrolled. */
export async function enrol(actor: OperatorUser, data: EnrolData): Promise<{ id: string }> {
  const date = enrolmentToday();
  return db().transaction(async (tx) => {
    const programme = await activeProgramme(tx, actor, data.programmeId);
    const household = await lockHousehold(tx, actor, data.householdId);
    let member: { id: string; householdId: string; status: string } | undefined;
    if (data.memberId) {
      [member] = await tx
        .select({ id: members.id, householdId: members.householdId, status: members.status })
        .from(members)
        .where(and(eq(members.id, data.memberId), eq(members.householdId, household.id), ownedBy(members, actor)))
        .for('share');
      if (!member) throw new DomainError('NOT_FOUND');
      if (member.status !== 'active') throw new DomainError('INVALID', 'enrolmentMemberNotActive');
    }
    const existing = await tx
      .select({ id: benefitEnrolments.id })
      .from(benefitEnrolments)
      .where(
        and(
          ownedBy(benefitEnrolments, actor),
          eq(benefitEnrolments.programmeId, programme.id),
          member
            ? eq(benefitEnrolments.memberId, member.id)
            : and(isNull(benefitEnrolments.memberId), eq(benefitEnrolments.householdId, household.id)),
        ),
      );
    if (existing.length) throw alreadyEnrolled();
    if (!(await householdEligible(tx, actor, programme.parsedRules, household.id, date)))
      throw new DomainError('INVALID', 'enrolmentNotEligible');
    if (member && !(await memberEligible(tx, actor, programme.parsedRules, member, date)))
      throw new DomainError('INVALID', 'enrolmentMemberNotEligible');
    const recipient = member ? member.id : await activeHead(tx, actor, household.id);
    const [row] = await tx
      .insert(benefitEnrolments)
      .values({
        operatorId: actor.operatorId,
        programmeId: programme.id,
        householdId: household.id,
        memberId: member?.id ?? null,
        status: 'active',
        statusDate: date,
        enrolledOn: date,
        recipientMemberId: recipient,
        createdBy: actor.id,
      })
      .onConflictDoNothing()
      .returning();
    // Another officer enrolled the same beneficiary between the check and the insert.
    if (!row) throw alreadyEnrolled();
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.create',
      entityType: 'enrolment',
      entityId: row.id,
      after: enrolmentSnapshot(row),
    });
    await tellRegistry(tx, actor, await carriersOf(tx, actor, [row.id]));
    return { id: row.id };
  });
}

/** What the audit trail keeps of an enrolment. */
export function enrolmentSnapshot(row: EnrolmentRow): Record<string, unknown> {
  return {
    programmeId: row.programmeId,
    householdId: row.householdId,
    memberId: row.memberId,
    status: row.status,
    statusReason: row.statusReason,
    statusDate: row.statusDate,
    enrolledOn: row.enrolledOn,
    recipientMemberId: row.recipientMemberId,
  };
}

/** The enrolment, locked, at the version the form was loaded at (else CONFLICT, like record edits). */
export async function lockEnrolment(tx: Db, actor: OperatorUser, id: string, version: number): Promise<EnrolmentRow> {
  const [row] = await tx
    .select()
    .from(benefitEnrolments)
    .where(and(eq(benefitEnrolments.id, id), ownedBy(benefitEnrolments, actor)))
    .for('update');
  // Another operator's enrolment is answered exactly like a missing one.
  if (!row) throw new DomainError('NOT_FOUND');
  if (row.version !== version) throw new DomainError('CONFLICT', 'editConflict');
  return row;
}
