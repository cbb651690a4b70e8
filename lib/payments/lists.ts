import 'server-only';
import { and, asc, count, desc, eq, gt, isNull, lt, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { paymentLines, paymentLists, programmes, users } from '@/db/schema';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import type { LinesQuery, ListQuery } from './schemas';

// Reads of payment lists and their lines, scoped to the actor's operator (another operator's list
// is "not found"). Keyset paging: lists newest first by (created_at, id); lines by line number.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const listColumns = {
  id: paymentLists.id,
  code: paymentLists.code,
  programmeId: paymentLists.programmeId,
  programmeCode: programmes.code,
  programmeNameKm: programmes.nameKm,
  programmeNameEn: programmes.nameEn,
  period: paymentLists.period,
  paymentDate: paymentLists.paymentDate,
  followsListId: paymentLists.followsListId,
  currency: paymentLists.currency,
  status: paymentLists.status,
  lineCount: paymentLists.lineCount,
  totalAmount: paymentLists.totalAmount,
  paidCount: paymentLists.paidCount,
  paidAmount: paymentLists.paidAmount,
  failedCount: paymentLists.failedCount,
  failedAmount: paymentLists.failedAmount,
  version: paymentLists.version,
  createdAt: paymentLists.createdAt,
};

export type ListSummary = Awaited<ReturnType<typeof listPaymentLists>>['items'][number];

/** The operator's lists, newest first, filtered by programme and status; `next` is the cursor of the next page. */
export async function listPaymentLists(actor: Tenant, q: ListQuery) {
  const where: (SQL | undefined)[] = [ownedBy(paymentLists, actor)];
  if (q.programme) where.push(eq(paymentLists.programmeId, q.programme));
  if (q.status) where.push(eq(paymentLists.status, q.status));
  if (q.after) {
    const [last] = await db()
      .select({ createdAt: paymentLists.createdAt, id: paymentLists.id })
      .from(paymentLists)
      .where(and(ownedBy(paymentLists, actor), eq(paymentLists.id, q.after)));
    if (last)
      where.push(
        or(
          lt(paymentLists.createdAt, last.createdAt),
          and(eq(paymentLists.createdAt, last.createdAt), lt(paymentLists.id, last.id)),
        ),
      );
  }
  const rows = await db()
    .select(listColumns)
    .from(paymentLists)
    .innerJoin(programmes, eq(programmes.id, paymentLists.programmeId))
    .where(and(...where))
    .orderBy(desc(paymentLists.createdAt), desc(paymentLists.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items, next: rows.length > q.limit ? items[items.length - 1]!.id : null };
}

/** Per currency, the sums over the given lists (a page's footer). */
export function totalsByCurrency(items: Pick<ListSummary, 'currency' | 'totalAmount' | 'paidAmount'>[]) {
  const out = new Map<string, { total: number; paid: number }>();
  for (const l of items) {
    const t = out.get(l.currency) ?? { total: 0, paid: 0 };
    t.total += l.totalAmount;
    t.paid += l.paidAmount;
    out.set(l.currency, t);
  }
  return [...out].map(([currency, t]) => ({ currency, ...t }));
}

const generator = alias(users, 'generator');
const submitter = alias(users, 'submitter');
const approver = alias(users, 'approver');
const followed = alias(paymentLists, 'followed');

/** One list with its programme, who made and checked it, and the list it follows. */
export async function getPaymentList(actor: Tenant, id: string) {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
  const [row] = await db()
    .select({
      ...listColumns,
      paymentDate: paymentLists.paymentDate,
      rejectionReason: paymentLists.rejectionReason,
      generatedBy: paymentLists.generatedBy,
      submittedBy: paymentLists.submittedBy,
      approvedBy: paymentLists.approvedBy,
      generatedByName: generator.name,
      submittedByName: submitter.name,
      approvedByName: approver.name,
      generatedAt: paymentLists.generatedAt,
      submittedAt: paymentLists.submittedAt,
      approvedAt: paymentLists.approvedAt,
      exportedAt: paymentLists.exportedAt,
      reconciledAt: paymentLists.reconciledAt,
      closedAt: paymentLists.closedAt,
      followsCode: followed.code,
    })
    .from(paymentLists)
    .innerJoin(programmes, eq(programmes.id, paymentLists.programmeId))
    .leftJoin(generator, eq(generator.id, paymentLists.generatedBy))
    .leftJoin(submitter, eq(submitter.id, paymentLists.submittedBy))
    .leftJoin(approver, eq(approver.id, paymentLists.approvedBy))
    .leftJoin(followed, eq(followed.id, paymentLists.followsListId))
    .where(and(eq(paymentLists.id, id), ownedBy(paymentLists, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}
export type ListDetail = Awaited<ReturnType<typeof getPaymentList>>;

/** The follow-up lists carrying this list's failed lines. */
export async function followUpsOf(actor: Tenant, listId: string) {
  return db()
    .select({ id: paymentLists.id, code: paymentLists.code, status: paymentLists.status })
    .from(paymentLists)
    .where(and(ownedBy(paymentLists, actor), eq(paymentLists.followsListId, listId)))
    .orderBy(asc(paymentLists.createdAt));
}

/** Failed lines not yet carried (the "carry unpaid" button shows only when there are some). */
export async function carriableCount(actor: Tenant, listId: string): Promise<number> {
  const [row] = await db()
    .select({ n: count() })
    .from(paymentLines)
    .where(
      and(
        ownedBy(paymentLines, actor),
        eq(paymentLines.listId, listId),
        eq(paymentLines.status, 'failed'),
        isNull(paymentLines.carriedToLineId),
      ),
    );
  return row?.n ?? 0;
}

const lineColumns = {
  id: paymentLines.id,
  lineNo: paymentLines.lineNo,
  lineRef: paymentLines.lineRef,
  enrolmentId: paymentLines.enrolmentId,
  householdId: paymentLines.householdId,
  memberId: paymentLines.memberId,
  householdCode: paymentLines.householdCode,
  recipientNameKm: paymentLines.recipientNameKm,
  recipientNameLatin: paymentLines.recipientNameLatin,
  recipientKhmerId: paymentLines.recipientKhmerId,
  proxyName: paymentLines.proxyName,
  channel: paymentLines.channel,
  account: paymentLines.account,
  phone: paymentLines.phone,
  paymentPoint: paymentLines.paymentPoint,
  villageCode: paymentLines.villageCode,
  communeCode: paymentLines.communeCode,
  amount: paymentLines.amount,
  currency: paymentLines.currency,
  breakdown: paymentLines.breakdown,
  status: paymentLines.status,
  failureReason: paymentLines.failureReason,
  transactionRef: paymentLines.transactionRef,
  paidOn: paymentLines.paidOn,
  carriedToLineId: paymentLines.carriedToLineId,
  carriedFromLineId: paymentLines.carriedFromLineId,
};
export type LineRow = Awaited<ReturnType<typeof listLines>>['items'][number];

/** A list's lines in line order, after line `after`; NOT_FOUND when the list is not the actor's. */
export async function listLines(actor: Tenant, listId: string, q: LinesQuery) {
  if (!UUID.test(listId)) throw new DomainError('NOT_FOUND');
  const [list] = await db()
    .select({ id: paymentLists.id })
    .from(paymentLists)
    .where(and(eq(paymentLists.id, listId), ownedBy(paymentLists, actor)));
  if (!list) throw new DomainError('NOT_FOUND');
  const where: (SQL | undefined)[] = [ownedBy(paymentLines, actor), eq(paymentLines.listId, list.id)];
  if (q.status) where.push(eq(paymentLines.status, q.status));
  if (q.after !== undefined) where.push(gt(paymentLines.lineNo, q.after));
  const rows = await db()
    .select(lineColumns)
    .from(paymentLines)
    .where(and(...where))
    .orderBy(asc(paymentLines.lineNo))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items, next: rows.length > q.limit ? items[items.length - 1]!.lineNo : null };
}

/** Money by locale, on the server: the one formatter of lib/programmes/format-money.ts. */
export { formatMoney as formatAmount } from '@/lib/programmes/format-money';

// The /api/v1 answers (lib/payments/api-schema.ts): timestamps as ISO strings.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summaryJson(l: ListSummary) {
  return {
    id: l.id,
    code: l.code,
    programmeId: l.programmeId,
    programmeCode: l.programmeCode,
    period: l.period,
    paymentDate: l.paymentDate,
    followsListId: l.followsListId,
    currency: l.currency,
    status: l.status,
    lineCount: l.lineCount,
    totalAmount: l.totalAmount,
    paidCount: l.paidCount,
    paidAmount: l.paidAmount,
    failedCount: l.failedCount,
    failedAmount: l.failedAmount,
    version: l.version,
    createdAt: l.createdAt.toISOString(),
  };
}

export async function paymentListsJson(actor: Tenant, q: ListQuery) {
  const page = await listPaymentLists(actor, q);
  return { items: page.items.map(summaryJson), next: page.next };
}

export async function paymentListJson(actor: Tenant, id: string) {
  const l = await getPaymentList(actor, id);
  const person = (pid: string | null, name: string | null) => (pid ? { id: pid, name: name ?? '' } : null);
  return {
    ...summaryJson(l),
    rejectionReason: l.rejectionReason,
    generatedBy: person(l.generatedBy, l.generatedByName),
    submittedBy: person(l.submittedBy, l.submittedByName),
    approvedBy: person(l.approvedBy, l.approvedByName),
    generatedAt: iso(l.generatedAt),
    submittedAt: iso(l.submittedAt),
    approvedAt: iso(l.approvedAt),
    exportedAt: iso(l.exportedAt),
    reconciledAt: iso(l.reconciledAt),
    closedAt: iso(l.closedAt),
  };
}

export async function paymentLinesJson(actor: Tenant, listId: string, q: LinesQuery) {
  const page = await listLines(actor, listId, q);
  return page;
}
