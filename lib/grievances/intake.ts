import 'server-only';
import { and, eq, or } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import {
  grievanceCategories,
  grievanceEvents,
  grievances,
  members,
  paymentLines,
  type GrievanceRow,
} from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { reserveCode, type CodeOwner } from '@/lib/codes/reserve';
import { DomainError } from '@/lib/errors';
import { ensureCategories, holidaysBetween } from './categories';
import type { CreateGrievanceData, PublicGrievanceData } from './schemas';
import { cambodiaDay, dueDate, holidayHorizon } from './sla';

export interface CreatedGrievance {
  id: string;
  code: string;
  dueOn: string;
}

/** Everything intake stores, whoever files it. */
interface IntakeData {
  source: 'staff' | 'public';
  channel: CreateGrievanceData['channel'];
  complainantKind: CreateGrievanceData['complainantKind'];
  memberId: string | null;
  complainantName: string | null;
  contactPhone: string | null;
  categoryId: string;
  subcategoryId: string | null;
  priority: CreateGrievanceData['priority'];
  description: string;
  paymentLineId: string | null;
}

/** The category (an active top-level one of the operator) and the sub-category (an active child of it). */
async function checkCategory(tx: Db, tenant: Tenant, categoryId: string, subcategoryId: string | null) {
  const rows = await tx
    .select()
    .from(grievanceCategories)
    .where(
      and(
        ownedBy(grievanceCategories, tenant),
        or(eq(grievanceCategories.id, categoryId), eq(grievanceCategories.id, subcategoryId ?? categoryId)),
      ),
    );
  const category = rows.find((r) => r.id === categoryId);
  if (!category || !category.active || category.parentId)
    throw new DomainError('INVALID', 'unknownCategory', { categoryId: ['unknownCategory'] });
  if (!subcategoryId) return { category, sub: null };
  const sub = rows.find((r) => r.id === subcategoryId);
  if (!sub || !sub.active || sub.parentId !== category.id)
    throw new DomainError('INVALID', 'unknownSubcategory', { subcategoryId: ['unknownSubcategory'] });
  return { category, sub };
}

/** The member must be the operator's; the payment line must be the operator's and that member's or household's. */
async function checkComplainant(tx: Db, tenant: Tenant, data: IntakeData) {
  if (!data.memberId) return;
  const [member] = await tx
    .select({ id: members.id, householdId: members.householdId })
    .from(members)
    .where(and(ownedBy(members, tenant), eq(members.id, data.memberId)));
  if (!member) throw new DomainError('INVALID', 'unknownMember', { memberId: ['unknownMember'] });
  if (!data.paymentLineId) return;
  const [line] = await tx
    .select({ id: paymentLines.id })
    .from(paymentLines)
    .where(
      and(
        ownedBy(paymentLines, tenant),
        eq(paymentLines.id, data.paymentLineId),
        or(eq(paymentLines.memberId, member.id), eq(paymentLines.householdId, member.householdId)),
      ),
    );
  if (!line) throw new DomainError('INVALID', 'unknownPaymentLine', { paymentLineId: ['unknownPaymentLine'] });
}

/** The audit snapshot: no free text (description, names, phone) copied into the trail, only what was decided. */
export function grievanceSnapshot(g: GrievanceRow) {
  return {
    code: g.code,
    source: g.source,
    channel: g.channel,
    complainantKind: g.complainantKind,
    memberId: g.memberId,
    categoryId: g.categoryId,
    subcategoryId: g.subcategoryId,
    sensitive: g.sensitive,
    priority: g.priority,
    paymentLineId: g.paymentLineId,
    status: g.status,
    assignedTo: g.assignedTo,
    dueOn: g.dueOn,
  };
}

/**
 * The one implementation of intake, staff or public: in ONE transaction the operator's categories
 * (seeded on first use), the checks, the reference from the code allocator, the due date from the
 * category's service level and the operator's holidays, the grievance, its 'created' event and the
 * audit row. `actorId` is null for public intake.
 */
async function fileGrievance(
  owner: CodeOwner,
  actorId: string | null,
  data: IntakeData,
  receivedAt = new Date(),
): Promise<CreatedGrievance> {
  // Anonymous: no personal data at all, whatever reached here (the table's check refuses it too).
  const anonymous = data.complainantKind === 'anonymous';
  if (anonymous && (data.memberId || data.complainantName || data.contactPhone))
    throw new DomainError('INVALID', 'anonymousNoData');
  return db().transaction(async (tx) => {
    await ensureCategories(tx, owner);
    const { category, sub } = await checkCategory(tx, owner, data.categoryId, data.subcategoryId);
    await checkComplainant(tx, owner, data);
    const holidays = await holidaysBetween(
      tx,
      owner,
      cambodiaDay(receivedAt),
      holidayHorizon(receivedAt, category.slaDays),
    );
    const dueOn = dueDate(receivedAt, category.slaDays, holidays);
    const code = await reserveCode(tx, owner, 'grievance');
    const [row] = await tx
      .insert(grievances)
      .values({
        operatorId: owner.operatorId,
        code,
        source: data.source,
        channel: data.channel,
        complainantKind: data.complainantKind,
        memberId: anonymous ? null : data.memberId,
        complainantName: anonymous ? null : data.complainantName,
        contactPhone: anonymous ? null : data.contactPhone,
        categoryId: category.id,
        subcategoryId: data.subcategoryId,
        // A sensitive sub-category makes the grievance sensitive too.
        sensitive: category.sensitive || (sub?.sensitive ?? false),
        priority: data.priority,
        description: data.description,
        paymentLineId: data.paymentLineId,
        receivedAt,
        dueOn,
        createdBy: actorId,
      })
      .returning();
    await tx.insert(grievanceEvents).values({
      operatorId: owner.operatorId,
      grievanceId: row!.id,
      kind: 'created',
      toStatus: row!.status,
      actorId,
      at: receivedAt,
    });
    await writeAudit(tx, {
      operatorId: owner.operatorId,
      actorId,
      action: 'grievance.create',
      entityType: 'grievance',
      entityId: row!.id,
      after: grievanceSnapshot(row!),
    });
    return { id: row!.id, code, dueOn };
  });
}

/** Staff intake: a grievance recorded by a signed-in user of the operator. */
export async function createGrievance(actor: OperatorUser, input: CreateGrievanceData): Promise<CreatedGrievance> {
  return fileGrievance(actor, actor.id, { ...input, source: 'staff' });
}

/**
 * Staff intake of a grievance received earlier (a letter opened days later): its due date counts from
 * then. Only the demo (lib/demo) records one today; the intake form takes grievances as they arrive.
 */
export async function createGrievanceReceivedAt(
  actor: OperatorUser,
  input: CreateGrievanceData,
  receivedAt: Date,
): Promise<CreatedGrievance> {
  return fileGrievance(actor, actor.id, { ...input, source: 'staff' }, receivedAt);
}

/**
 * Public intake (the operator's public page, no sign-in): source 'public', channel 'online', no
 * creator, no member or payment line. The caller (lib/grievances/public*.ts) has already checked that
 * the operator takes public grievances, the body size, the rate limit and the honeypot.
 */
export async function createPublicGrievance(
  tenant: Tenant & { operatorCode: string },
  input: PublicGrievanceData,
): Promise<CreatedGrievance> {
  return fileGrievance(tenant, null, {
    ...input,
    source: 'public',
    channel: 'online',
    memberId: null,
    paymentLineId: null,
    priority: 'normal',
  });
}
