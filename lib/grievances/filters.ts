import { z } from 'zod';
import { storableText } from '@/lib/text/token';
import { isRealDate, uuidSchema } from '@/lib/validation';
import { SLA_STATES } from './sla';
import { GRIEVANCE_CHANNELS, GRIEVANCE_STATUSES } from './values';

// The queue's filters, as the page's query string and the API's: one schema for both. An empty
// parameter is no filter (a form submits its empty selects).

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
// Year 0 and the like are real dates to JavaScript but not to PostgreSQL (a 500 before): 1900 on.
const day = z.string().refine((d) => isRealDate(d) && d >= '1900-01-01', { error: 'invalidDate' });

// The cursor (lib/grievances/queries.ts makes it): "ISO instant|uuid" in base64url. Decoded strictly,
// since the client can send anything: a loose match ("-" × 36 as the id, a year past 9999) reached
// PostgreSQL and failed there as a 500.
const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function decodeGrievanceCursor(text: string): { receivedAt: Date; id: string } | null {
  const m = /^[A-Za-z0-9_-]{1,200}$/.test(text) ? CURSOR.exec(Buffer.from(text, 'base64url').toString('latin1')) : null;
  const receivedAt = new Date(m?.[1] ?? '');
  if (!m || Number.isNaN(receivedAt.getTime()) || receivedAt.toISOString() !== m[1]) return null;
  // Year 0 and the like parse in JavaScript but not in PostgreSQL; no grievance predates 1970.
  if (receivedAt.getUTCFullYear() < 1970) return null;
  return { receivedAt, id: m[2]! };
}

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
  q: opt(
    z
      .string()
      .trim()
      .max(40, { error: 'tooLong' })
      // A NUL is refused by PostgreSQL (a 500 before); no reference holds a control character.
      .refine((s) => storableText(40).safeParse(s).success, { error: 'invalidCharacters' }),
  ),
  cursor: opt(
    z
      .string()
      .max(200, { error: 'cursorInvalid' })
      .refine((c) => decodeGrievanceCursor(c) !== null, { error: 'cursorInvalid' }),
  ),
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
