import 'server-only';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { benefitEnrolments, members, paymentLines, paymentLists, programmes } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';

// What the household and member pages show of benefits (issue 10): their enrolments with payment
// details, and their payment lines with amounts formatted by locale here, on the server (browsers'
// Khmer number data differs: formatting in the client gave hydration errors).

const MAX_LINES = 200;

import { formatMoney } from './format-money';

export { formatMoney };

const recipient = alias(members, 'recipient');
const beneficiary = alias(members, 'beneficiary');

const enrolmentColumns = {
  id: benefitEnrolments.id,
  version: benefitEnrolments.version,
  programmeId: benefitEnrolments.programmeId,
  programmeNameKm: programmes.nameKm,
  programmeNameEn: programmes.nameEn,
  programmeCode: programmes.code,
  householdId: benefitEnrolments.householdId,
  memberId: benefitEnrolments.memberId,
  memberName: beneficiary.surnameKm,
  memberGivenName: beneficiary.givenNameKm,
  status: benefitEnrolments.status,
  statusReason: benefitEnrolments.statusReason,
  statusDate: benefitEnrolments.statusDate,
  enrolledOn: benefitEnrolments.enrolledOn,
  channel: benefitEnrolments.channel,
  account: benefitEnrolments.account,
  phone: benefitEnrolments.phone,
  paymentPoint: benefitEnrolments.paymentPoint,
  recipientMemberId: benefitEnrolments.recipientMemberId,
  recipientSurname: recipient.surnameKm,
  recipientGivenName: recipient.givenNameKm,
  proxyName: benefitEnrolments.proxyName,
  proxyRelationship: benefitEnrolments.proxyRelationship,
  proxyPhone: benefitEnrolments.proxyPhone,
};

function enrolmentsWhere(actor: OperatorUser, where: SQL) {
  return db()
    .select(enrolmentColumns)
    .from(benefitEnrolments)
    .innerJoin(programmes, and(eq(programmes.id, benefitEnrolments.programmeId), ownedBy(programmes, actor)))
    .leftJoin(recipient, eq(recipient.id, benefitEnrolments.recipientMemberId))
    .leftJoin(beneficiary, eq(beneficiary.id, benefitEnrolments.memberId))
    .where(and(ownedBy(benefitEnrolments, actor), where))
    .orderBy(desc(benefitEnrolments.enrolledOn), benefitEnrolments.id);
}

export type EnrolmentView = Awaited<ReturnType<typeof enrolmentsWhere>>[number];

/** One enrolment of the actor's operator, or undefined (another operator's is not found). */
export async function enrolmentView(actor: OperatorUser, id: string): Promise<EnrolmentView | undefined> {
  const [row] = await enrolmentsWhere(actor, eq(benefitEnrolments.id, id));
  return row;
}

export interface PaymentLineView {
  id: string;
  period: string;
  listCode: string;
  programmeName: string;
  amount: string;
  status: string;
  paidOn: string | null;
}

function linesWhere(actor: OperatorUser, where: SQL, locale: string) {
  return db()
    .select({
      id: paymentLines.id,
      period: paymentLines.period,
      listCode: paymentLists.code,
      nameKm: programmes.nameKm,
      nameEn: programmes.nameEn,
      amount: paymentLines.amount,
      currency: paymentLines.currency,
      status: paymentLines.status,
      paidOn: paymentLines.paidOn,
    })
    .from(paymentLines)
    .innerJoin(paymentLists, and(eq(paymentLists.id, paymentLines.listId), ownedBy(paymentLists, actor)))
    .innerJoin(programmes, and(eq(programmes.id, paymentLines.programmeId), ownedBy(programmes, actor)))
    .where(and(ownedBy(paymentLines, actor), where))
    .orderBy(desc(paymentLines.period), paymentLists.code)
    .limit(MAX_LINES)
    .then((rows) =>
      rows.map((r): PaymentLineView => ({
        id: r.id,
        period: r.period,
        listCode: r.listCode,
        programmeName: locale === 'km' ? r.nameKm : r.nameEn,
        amount: formatMoney(r.amount, r.currency, locale),
        status: r.status,
        paidOn: r.paidOn,
      })),
    );
}

/** A household's enrolments (its own and its members') and payment lines. */
export async function householdBenefits(actor: OperatorUser, householdId: string, locale: string) {
  const [enrolments, lines] = await Promise.all([
    enrolmentsWhere(actor, eq(benefitEnrolments.householdId, householdId)),
    linesWhere(actor, eq(paymentLines.householdId, householdId), locale),
  ]);
  return { enrolments, lines };
}

/** A member's own enrolments and payment lines. */
export async function memberBenefits(actor: OperatorUser, memberId: string, locale: string) {
  const [enrolments, lines] = await Promise.all([
    enrolmentsWhere(actor, eq(benefitEnrolments.memberId, memberId)),
    linesWhere(actor, eq(paymentLines.memberId, memberId), locale),
  ]);
  return { enrolments, lines };
}

/** The actor's active programmes, for the "Enrol in a programme" form. */
export async function activeProgrammes(actor: OperatorUser) {
  return db()
    .select({ id: programmes.id, code: programmes.code, nameKm: programmes.nameKm, nameEn: programmes.nameEn })
    .from(programmes)
    .where(and(ownedBy(programmes, actor), eq(programmes.status, 'active')))
    .orderBy(programmes.code);
}

/** The household's active members, who may collect a payment. */
export async function recipientChoices(actor: OperatorUser, householdId: string) {
  const rows = await db()
    .select({ id: members.id, surname: members.surnameKm, given: members.givenNameKm })
    .from(members)
    .where(and(ownedBy(members, actor), eq(members.householdId, householdId), eq(members.status, 'active')))
    .orderBy(members.createdAt);
  return rows.map((r) => ({ id: r.id, name: `${r.surname} ${r.given}` }));
}
