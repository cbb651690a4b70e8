import { z } from 'zod';
import { isRealDate, uuidSchema } from '@/lib/validation';
import { SLA_STATES } from './sla';
import { GRIEVANCE_CHANNELS, GRIEVANCE_STATUSES } from './values';

// The queue's filters, as the page's query string and the API's: one schema for both. An empty
// parameter is no filter (a form submits its empty selects).

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
const day = z.string().refine(isRealDate, { error: 'invalidDate' });

export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const grievanceFiltersSchema = z.object({
  status: opt(z.enum(GRIEVANCE_STATUSES, { error: 'invalid' })),
  categoryId: opt(uuidSchema),
  sla: opt(z.enum(SLA_STATES, { error: 'invalid' })),
  /** 'me', 'none' (unassigned) or a user's id. */
  assignee: opt(z.union([z.literal('me'), z.literal('none'), uuidSchema], { error: 'invalid' })),
  channel: opt(z.enum(GRIEVANCE_CHANNELS, { error: 'invalid' })),
  /** Received on or after this day (Cambodia's calendar). */
  from: opt(day),
  /** Received on or before this day. */
  to: opt(day),
  /** A reference, or its start (OP-G-0001…). */
  q: opt(z.string().trim().max(40, { error: 'tooLong' })),
  cursor: opt(z.string().max(200, { error: 'invalid' })),
  limit: opt(z.coerce.number({ error: 'invalid' }).int().min(1).max(MAX_PAGE_SIZE)),
});
export type GrievanceFilters = z.output<typeof grievanceFiltersSchema>;

export const grievanceParamsSchema = z.object({ id: uuidSchema });

export const filterDocs = {
  status: `One of ${GRIEVANCE_STATUSES.join(', ')}`,
  categoryId: "A category's id (UUID)",
  sla: `Service-level state of open grievances: ${SLA_STATES.join(', ')}`,
  assignee: "'me', 'none' (unassigned) or a user's id",
  channel: `One of ${GRIEVANCE_CHANNELS.join(', ')}`,
  from: 'Received on or after this day (YYYY-MM-DD, Cambodia time)',
  to: 'Received on or before this day (YYYY-MM-DD, Cambodia time)',
  q: 'A reference or its beginning',
  cursor: 'The nextCursor of the previous page',
  limit: `Page size, 1–${MAX_PAGE_SIZE} (default ${PAGE_SIZE})`,
} as const;
