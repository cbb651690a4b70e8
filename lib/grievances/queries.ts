import 'server-only';
import { and, asc, desc, eq, gte, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { grievanceCategories, grievanceEvents, grievances, members, paymentLines, users } from '@/db/schema';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { decodeGrievanceCursor, PAGE_SIZE, type GrievanceFilters } from './filters';
import { visibleTo, type GrievanceReader } from './scope';
import { slaState, slaStateSql, type SlaState } from './sla';
import { GRIEVANCE_STATUSES, type GrievanceStatus } from './values';

// Every read of grievances goes through visibleTo(reader) (lib/grievances/scope.ts): the reader's
// operator, and sensitive grievances only for their assignee and the operator's administrators.

const category = alias(grievanceCategories, 'category');
const subcategory = alias(grievanceCategories, 'subcategory');
const assignee = alias(users, 'assignee');

export interface GrievanceListItem {
  id: string;
  code: string;
  status: GrievanceStatus;
  priority: string;
  channel: string;
  complainantKind: string;
  categoryId: string;
  categoryNameKm: string;
  categoryNameEn: string;
  sensitive: boolean;
  assignedTo: string | null;
  assigneeName: string | null;
  receivedAt: string;
  dueOn: string;
  escalatedAt: string | null;
  sla: SlaState | null;
}

export interface GrievancePage {
  items: GrievanceListItem[];
  nextCursor: string | null;
}

/** Newest first; the cursor is the last row's (received_at, id), as "ISO instant|uuid" in base64url. */
function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(text: string): { receivedAt: Date; id: string } {
  const cursor = decodeGrievanceCursor(text);
  if (!cursor) throw new DomainError('INVALID', 'cursorInvalid', { cursor: ['cursorInvalid'] });
  return cursor;
}

/** The day's start in Phnom Penh (UTC+7), as an instant. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3600_000);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 24 * 3600_000);

/** The filters' conditions, the visibility rule first. `status` is left out for the counts per status. */
function conditions(reader: GrievanceReader, f: GrievanceFilters, now: Date, withStatus = true): SQL {
  const c: (SQL | undefined)[] = [visibleTo(reader)];
  if (withStatus && f.status) c.push(eq(grievances.status, f.status));
  if (f.categoryId) c.push(or(eq(grievances.categoryId, f.categoryId), eq(grievances.subcategoryId, f.categoryId)));
  if (f.sla) c.push(slaStateSql(f.sla, now));
  if (f.assignee === 'me') c.push(eq(grievances.assignedTo, reader.id));
  else if (f.assignee === 'none') c.push(isNull(grievances.assignedTo));
  else if (f.assignee) c.push(eq(grievances.assignedTo, f.assignee));
  if (f.channel) c.push(eq(grievances.channel, f.channel));
  if (f.from) c.push(gte(grievances.receivedAt, dayStart(f.from)));
  if (f.to) c.push(lt(grievances.receivedAt, nextDayStart(f.to)));
  if (f.q) c.push(ilike(grievances.code, `${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  return and(...c)!;
}

/** One page of the queue, newest first (keyset paging). */
export async function listGrievances(
  reader: GrievanceReader,
  f: GrievanceFilters,
  now: Date = new Date(),
): Promise<GrievancePage> {
  const limit = f.limit ?? PAGE_SIZE;
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  const rows = await db()
    .select({
      id: grievances.id,
      code: grievances.code,
      status: grievances.status,
      priority: grievances.priority,
      channel: grievances.channel,
      complainantKind: grievances.complainantKind,
      categoryId: grievances.categoryId,
      categoryNameKm: category.nameKm,
      categoryNameEn: category.nameEn,
      sensitive: grievances.sensitive,
      assignedTo: grievances.assignedTo,
      assigneeName: assignee.name,
      receivedAt: grievances.receivedAt,
      dueOn: grievances.dueOn,
      escalatedAt: grievances.escalatedAt,
    })
    .from(grievances)
    .innerJoin(category, eq(category.id, grievances.categoryId))
    .leftJoin(assignee, eq(assignee.id, grievances.assignedTo))
    .where(
      and(
        conditions(reader, f, now),
        after
          ? or(
              lt(grievances.receivedAt, after.receivedAt),
              and(eq(grievances.receivedAt, after.receivedAt), lt(grievances.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(grievances.receivedAt), desc(grievances.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...r,
      status: r.status as GrievanceStatus,
      receivedAt: r.receivedAt.toISOString(),
      escalatedAt: r.escalatedAt?.toISOString() ?? null,
      sla: slaState(r, now),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
  };
}

/** How many grievances of each status match the other filters (the queue's tabs), visibility applied. */
export async function countByStatus(
  reader: GrievanceReader,
  f: GrievanceFilters,
  now: Date = new Date(),
): Promise<Record<GrievanceStatus, number>> {
  const rows = await db()
    .select({ status: grievances.status, n: sql<number>`count(*)::int` })
    .from(grievances)
    .where(conditions(reader, f, now, false))
    .groupBy(grievances.status);
  const out = Object.fromEntries(GRIEVANCE_STATUSES.map((s) => [s, 0])) as Record<GrievanceStatus, number>;
  for (const r of rows) out[r.status as GrievanceStatus] = Number(r.n);
  return out;
}

export interface GrievanceEventView {
  id: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
  /** For 'assigned': the assignee's name (the body holds their id). */
  assigneeName: string | null;
  actorName: string | null;
  at: string;
}

export interface GrievanceDetail extends GrievanceListItem {
  version: number;
  source: string;
  memberId: string | null;
  memberNameKm: string | null;
  memberNameLatin: string | null;
  householdId: string | null;
  complainantName: string | null;
  contactPhone: string | null;
  subcategoryId: string | null;
  subcategoryNameKm: string | null;
  subcategoryNameEn: string | null;
  description: string;
  paymentLineId: string | null;
  paymentLineRef: string | null;
  paymentPeriod: string | null;
  paymentAmount: number | null;
  paymentCurrency: string | null;
  paymentStatus: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdByName: string | null;
  events: GrievanceEventView[];
}

/** One grievance with its history, if the reader may see it; otherwise not found (never "forbidden"). */
export async function readGrievance(
  reader: GrievanceReader,
  id: string,
  now: Date = new Date(),
): Promise<GrievanceDetail> {
  const creator = alias(users, 'creator');
  const [g] = await db()
    .select({
      g: grievances,
      categoryNameKm: category.nameKm,
      categoryNameEn: category.nameEn,
      subcategoryNameKm: subcategory.nameKm,
      subcategoryNameEn: subcategory.nameEn,
      assigneeName: assignee.name,
      createdByName: creator.name,
      memberSurnameKm: members.surnameKm,
      memberGivenKm: members.givenNameKm,
      memberSurnameLatin: members.surnameLatin,
      memberGivenLatin: members.givenNameLatin,
      householdId: members.householdId,
      paymentLineRef: paymentLines.lineRef,
      paymentPeriod: paymentLines.period,
      paymentAmount: paymentLines.amount,
      paymentCurrency: paymentLines.currency,
      paymentStatus: paymentLines.status,
    })
    .from(grievances)
    .innerJoin(category, eq(category.id, grievances.categoryId))
    .leftJoin(subcategory, eq(subcategory.id, grievances.subcategoryId))
    .leftJoin(assignee, eq(assignee.id, grievances.assignedTo))
    .leftJoin(creator, eq(creator.id, grievances.createdBy))
    .leftJoin(members, eq(members.id, grievances.memberId))
    .leftJoin(paymentLines, eq(paymentLines.id, grievances.paymentLineId))
    .where(and(visibleTo(reader), eq(grievances.id, id)));
  if (!g) throw new DomainError('NOT_FOUND');
  const actor = alias(users, 'actor');
  const target = alias(users, 'target');
  const events = await db()
    .select({
      id: grievanceEvents.id,
      kind: grievanceEvents.kind,
      fromStatus: grievanceEvents.fromStatus,
      toStatus: grievanceEvents.toStatus,
      body: grievanceEvents.body,
      assigneeName: target.name,
      actorName: actor.name,
      at: grievanceEvents.at,
    })
    .from(grievanceEvents)
    .leftJoin(actor, eq(actor.id, grievanceEvents.actorId))
    .leftJoin(target, and(eq(grievanceEvents.kind, 'assigned'), sql`${target.id}::text = ${grievanceEvents.body}`))
    .where(and(ownedBy(grievanceEvents, reader), eq(grievanceEvents.grievanceId, g.g.id)))
    .orderBy(asc(grievanceEvents.at), asc(grievanceEvents.id));
  const r = g.g;
  const join = (a: string | null, b: string | null) => [a, b].filter(Boolean).join(' ') || null;
  return {
    id: r.id,
    code: r.code,
    status: r.status as GrievanceStatus,
    priority: r.priority,
    channel: r.channel,
    complainantKind: r.complainantKind,
    categoryId: r.categoryId,
    categoryNameKm: g.categoryNameKm,
    categoryNameEn: g.categoryNameEn,
    sensitive: r.sensitive,
    assignedTo: r.assignedTo,
    assigneeName: g.assigneeName,
    receivedAt: r.receivedAt.toISOString(),
    dueOn: r.dueOn,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    sla: slaState(r, now),
    version: r.version,
    source: r.source,
    memberId: r.memberId,
    memberNameKm: join(g.memberSurnameKm, g.memberGivenKm),
    memberNameLatin: join(g.memberSurnameLatin, g.memberGivenLatin),
    householdId: g.householdId,
    complainantName: r.complainantName,
    contactPhone: r.contactPhone,
    subcategoryId: r.subcategoryId,
    subcategoryNameKm: g.subcategoryNameKm,
    subcategoryNameEn: g.subcategoryNameEn,
    description: r.description,
    paymentLineId: r.paymentLineId,
    paymentLineRef: g.paymentLineRef,
    paymentPeriod: g.paymentPeriod,
    paymentAmount: g.paymentAmount === null ? null : Number(g.paymentAmount),
    paymentCurrency: g.paymentCurrency,
    paymentStatus: g.paymentStatus,
    resolution: r.resolution,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    createdByName: g.createdByName,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

/** A member's grievances (the member page's list), newest first, visibility applied. */
export async function memberGrievances(reader: GrievanceReader, memberId: string, now: Date = new Date()) {
  const rows = await db()
    .select({
      id: grievances.id,
      code: grievances.code,
      status: grievances.status,
      categoryNameKm: category.nameKm,
      categoryNameEn: category.nameEn,
      receivedAt: grievances.receivedAt,
      dueOn: grievances.dueOn,
    })
    .from(grievances)
    .innerJoin(category, eq(category.id, grievances.categoryId))
    .where(and(visibleTo(reader), eq(grievances.memberId, memberId)))
    .orderBy(desc(grievances.receivedAt), desc(grievances.id))
    .limit(100);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), sla: slaState(r, now) }));
}

/** The users a grievance may be assigned to: active grievance officers and administrators of the operator. */
export async function assignableOfficers(reader: GrievanceReader) {
  return db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        ownedBy(users, reader),
        eq(users.active, true),
        sql`${users.roles} && ARRAY['grievance_officer', 'operator_admin']::text[]`,
      ),
    )
    .orderBy(asc(users.name), asc(users.email));
}
