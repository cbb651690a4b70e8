import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { benefitEnrolments, members, type EnrolmentRow } from '@/db/schema';
import { diff, writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import type { EnrolmentStatus } from '@/lib/payments/values';
import { audit, carriersOf, tellRegistry } from './enrolment-common';
import { lockEnrolment } from './enrolment';
import {
  enrolmentToday,
  type EndEnrolmentData,
  type PaymentDetailsEditData,
  type ReactivateData,
  type SuspendData,
} from './enrolment-schemas';

// An enrolment's state moves and payment details. Each: the row locked at the version the form
// was loaded at, one UPDATE that bumps the version, its audit row and (for a state move) the
// registry's outbox row, in one transaction.
//
// active ⇄ suspended; active or suspended → exited or graduated (final).

const ACTIVE: EnrolmentStatus = 'active';
const SUSPENDED: EnrolmentStatus = 'suspended';
const MOVES: Record<'suspend' | 'reactivate' | 'end', readonly EnrolmentStatus[]> = {
  suspend: [ACTIVE],
  reactivate: [SUSPENDED],
  end: [ACTIVE, SUSPENDED],
};

async function move(
  actor: OperatorUser,
  ref: { enrolmentId: string; version: number },
  kind: keyof typeof MOVES,
  next: { status: EnrolmentStatus; statusReason: string | null; statusDate: string },
): Promise<{ version: number }> {
  return db().transaction(async (tx) => {
    const before = await lockEnrolment(tx, actor, ref.enrolmentId, ref.version);
    if (!MOVES[kind].includes(before.status as EnrolmentStatus))
      throw new DomainError('CONFLICT', 'enrolmentStatusMove', { status: ['enrolmentStatusMove'] });
    const version = await save(tx, before, next);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.status',
      entityType: 'enrolment',
      entityId: before.id,
      before: { status: before.status, statusReason: before.statusReason, statusDate: before.statusDate },
      after: next,
    });
    await tellRegistry(tx, actor, await carriersOf(tx, actor, [before.id]));
    return { version };
  });
}

/** Follow-up write by primary key on the row just locked under scope; the version check guards races. */
async function save(tx: Db, before: EnrolmentRow, set: Partial<EnrolmentRow>): Promise<number> {
  const [row] = await tx
    .update(benefitEnrolments)
    .set({ ...set, version: sql`${benefitEnrolments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(benefitEnrolments.id, before.id), eq(benefitEnrolments.version, before.version)))
    .returning({ version: benefitEnrolments.version });
  if (!row) throw new DomainError('CONFLICT', 'editConflict');
  return row.version;
}

export function suspendEnrolment(actor: OperatorUser, data: SuspendData) {
  return move(actor, data, 'suspend', { status: 'suspended', statusReason: data.reason, statusDate: data.date });
}

export function reactivateEnrolment(actor: OperatorUser, data: ReactivateData) {
  return move(actor, data, 'reactivate', { status: 'active', statusReason: null, statusDate: enrolmentToday() });
}

export function endEnrolment(actor: OperatorUser, data: EndEnrolmentData) {
  return move(actor, data, 'end', { status: data.outcome, statusReason: data.reason, statusDate: data.date });
}

const nullIfEmpty = (s: string) => (s === '' ? null : s);

/**
 * Channel, account, phone, payment point and who collects. The recipient is a member of the
 * enrolment's household (by default the head, or the member enrolled) or a named proxy.
 */
export async function updatePaymentDetails(
  actor: OperatorUser,
  data: PaymentDetailsEditData,
): Promise<{ version: number }> {
  return db().transaction(async (tx) => {
    const before = await lockEnrolment(tx, actor, data.enrolmentId, data.version);
    if (before.status === 'exited' || before.status === 'graduated')
      throw new DomainError('CONFLICT', 'enrolmentEnded');
    let recipientMemberId: string | null = null;
    if (data.recipientKind === 'member') {
      recipientMemberId = data.recipientMemberId || before.memberId || before.recipientMemberId;
      if (recipientMemberId) await assertRecipient(tx, actor, before.householdId, recipientMemberId);
    }
    const proxy = data.recipientKind === 'proxy';
    const next = {
      channel: nullIfEmpty(data.channel),
      account: nullIfEmpty(data.account),
      phone: nullIfEmpty(data.phone),
      paymentPoint: nullIfEmpty(data.paymentPoint),
      recipientMemberId,
      proxyName: proxy ? nullIfEmpty(data.proxyName) : null,
      proxyRelationship: proxy ? nullIfEmpty(data.proxyRelationship) : null,
      proxyPhone: proxy ? nullIfEmpty(data.proxyPhone) : null,
    };
    const d = diff(before as unknown as Record<string, unknown>, next);
    if (!d.changed) return { version: before.version };
    const version = await save(tx, before, next);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.payment_details',
      entityType: 'enrolment',
      entityId: before.id,
      before: d.before,
      after: d.after,
    });
    return { version };
  });
}

/** The recipient is an active member of the enrolment's own household; anyone else is refused beside the field. */
async function assertRecipient(tx: Db, actor: OperatorUser, householdId: string, memberId: string): Promise<void> {
  const [m] = await tx
    .select({ status: members.status })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.householdId, householdId), ownedBy(members, actor)));
  if (!m || m.status !== 'active')
    throw new DomainError('INVALID', 'enrolmentRecipient', { recipientMemberId: ['enrolmentRecipient'] });
}
