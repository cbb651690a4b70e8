import { z } from 'zod';
import { apiSchemas } from '@/lib/api/schemas';
import { SLA_STATES } from './sla';
import {
  COMPLAINANT_KINDS,
  GRIEVANCE_CHANNELS,
  GRIEVANCE_EVENT_KINDS,
  GRIEVANCE_PRIORITIES,
  GRIEVANCE_SOURCES,
  GRIEVANCE_STATUSES,
} from './values';

// GET /api/v1/grievances and /api/v1/grievances/{id}: the answers. Sensitive grievances appear only
// for their assignee and the operator's administrators (lib/grievances/scope.ts).

const nullableString = z.string().nullable();

const itemShape = {
  id: z.guid(),
  code: z.string().meta({ examples: ['PWDF-G-000123'] }),
  status: z.enum(GRIEVANCE_STATUSES),
  priority: z.enum(GRIEVANCE_PRIORITIES),
  channel: z.enum(GRIEVANCE_CHANNELS),
  complainantKind: z.enum(COMPLAINANT_KINDS),
  categoryId: z.guid(),
  categoryNameKm: z.string(),
  categoryNameEn: z.string(),
  sensitive: z.boolean(),
  assignedTo: z.guid().nullable(),
  assigneeName: nullableString,
  receivedAt: z.iso.datetime({ offset: true }),
  dueOn: z.iso.date().meta({ description: 'The last day of the service level (Cambodia time)' }),
  escalatedAt: z.iso.datetime({ offset: true }).nullable(),
  sla: z
    .enum(SLA_STATES)
    .nullable()
    .meta({ description: 'Service-level state; null once resolved, rejected or closed' }),
};

export const grievanceItemSchema = z
  .object(itemShape)
  .register(apiSchemas, { id: 'GrievanceItem', description: 'One grievance in the queue' });

export const grievanceListSchema = z
  .object({
    items: z.array(grievanceItemSchema),
    nextCursor: nullableString.meta({ description: 'Pass as cursor for the next page; null on the last' }),
    counts: z
      .object(
        Object.fromEntries(GRIEVANCE_STATUSES.map((s) => [s, z.int()])) as Record<
          (typeof GRIEVANCE_STATUSES)[number],
          z.ZodInt
        >,
      )
      .meta({ description: 'Per status, the grievances matching the other filters' }),
  })
  .register(apiSchemas, { id: 'GrievanceList', description: 'A page of grievances, newest first' });

export const grievanceEventSchema = z
  .object({
    id: z.guid(),
    kind: z.enum(GRIEVANCE_EVENT_KINDS),
    fromStatus: z.enum(GRIEVANCE_STATUSES).nullable(),
    toStatus: z.enum(GRIEVANCE_STATUSES).nullable(),
    body: nullableString.meta({ description: "A comment, a resolution, a reopening's reason, or the assignee's id" }),
    assigneeName: nullableString,
    actorName: nullableString.meta({ description: 'null for public intake and escalation' }),
    at: z.iso.datetime({ offset: true }),
  })
  .register(apiSchemas, { id: 'GrievanceEvent', description: "One step of a grievance's history" });

export const grievanceDetailSchema = z
  .object({
    ...itemShape,
    version: z.int(),
    source: z.enum(GRIEVANCE_SOURCES),
    memberId: z.guid().nullable(),
    memberNameKm: nullableString,
    memberNameLatin: nullableString,
    householdId: z.guid().nullable(),
    complainantName: nullableString,
    contactPhone: nullableString.meta({ description: 'E.164' }),
    subcategoryId: z.guid().nullable(),
    subcategoryNameKm: nullableString,
    subcategoryNameEn: nullableString,
    description: z.string(),
    paymentLineId: z.guid().nullable(),
    paymentLineRef: nullableString,
    paymentPeriod: nullableString,
    paymentAmount: z.int().nullable().meta({ description: 'Minor units (riel; US cents)' }),
    paymentCurrency: nullableString,
    paymentStatus: nullableString,
    resolution: nullableString,
    resolvedAt: z.iso.datetime({ offset: true }).nullable(),
    closedAt: z.iso.datetime({ offset: true }).nullable(),
    createdByName: nullableString,
    events: z.array(grievanceEventSchema),
  })
  .register(apiSchemas, { id: 'GrievanceDetail', description: 'One grievance with its history' });
