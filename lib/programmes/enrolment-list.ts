import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { db } from '@/db/client';
import { benefitEnrolments, households, members } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { ENROLMENT_STATUSES } from '@/lib/payments/values';

// A programme's enrolments, in household-code order, keyset-paged on (code, id): a page starts
// where the last ended, however many enrolments there are. Filters come from the URL; a bad value
// is dropped rather than refused (a list page never fails on its query string).

export const ENROLMENT_PAGE_SIZE = 50;

export const enrolmentListFilterSchema = z.object({
  status: z.enum(ENROLMENT_STATUSES).optional().catch(undefined),
  after: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,60}~[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
});
export type EnrolmentListFilter = z.output<typeof enrolmentListFilterSchema>;

const recipient = alias(members, 'recipient');
const person = alias(members, 'person');

export async function listProgrammeEnrolments(actor: OperatorUser, programmeId: string, filter: EnrolmentListFilter) {
  const where: SQL[] = [ownedBy(benefitEnrolments, actor), eq(benefitEnrolments.programmeId, programmeId)];
  if (filter.status) where.push(eq(benefitEnrolments.status, filter.status));
  if (filter.after) {
    const [code, id] = filter.after.split('~') as [string, string];
    where.push(sql`(${households.code}, ${benefitEnrolments.id}) > (${code}, ${id}::uuid)`);
  }
  const rows = await db()
    .select({
      id: benefitEnrolments.id,
      householdId: households.id,
      householdCode: households.code,
      memberId: benefitEnrolments.memberId,
      personSurname: person.surnameKm,
      personGivenName: person.givenNameKm,
      recipientSurname: recipient.surnameKm,
      recipientGivenName: recipient.givenNameKm,
      status: benefitEnrolments.status,
      statusDate: benefitEnrolments.statusDate,
      enrolledOn: benefitEnrolments.enrolledOn,
      channel: benefitEnrolments.channel,
    })
    .from(benefitEnrolments)
    .innerJoin(households, and(eq(households.id, benefitEnrolments.householdId), ownedBy(households, actor)))
    .leftJoin(person, eq(person.id, benefitEnrolments.memberId))
    .leftJoin(recipient, eq(recipient.id, benefitEnrolments.recipientMemberId))
    .where(and(...where))
    .orderBy(asc(households.code), asc(benefitEnrolments.id))
    .limit(ENROLMENT_PAGE_SIZE + 1);
  const more = rows.length > ENROLMENT_PAGE_SIZE;
  const page = rows.slice(0, ENROLMENT_PAGE_SIZE);
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? `${last.householdCode}~${last.id}` : null };
}

/** How many of the programme's enrolments are in each state. */
export async function enrolmentCounts(actor: OperatorUser, programmeId: string): Promise<Record<string, number>> {
  const rows = await db()
    .select({ status: benefitEnrolments.status, n: sql<number>`count(*)::int` })
    .from(benefitEnrolments)
    .where(and(ownedBy(benefitEnrolments, actor), eq(benefitEnrolments.programmeId, programmeId)))
    .groupBy(benefitEnrolments.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
