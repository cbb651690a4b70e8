import { z } from 'zod';
import { LINE_STATUSES, LIST_STATUSES } from './values';

// One schema per payment-list form, shared by the client (zodResolver) and the server actions.
// Messages are keys under `errors.` in messages/*/payments.json (and core.json).

const id = z.uuid({ error: 'invalid' });
const version = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'invalid' });

/** '2026-12' (monthly), '2026-Q4' (quarterly) or '2026-12-15' (one-off); checked against the programme's frequency. */
export const PERIOD_PATTERN = /^\d{4}-(?:(?:0[1-9]|1[0-2])|Q[1-4]|(?:0[1-9]|1[0-2])-\d{2})$/;

export const generateListSchema = z.object({
  programmeId: z.uuid({ error: 'required' }),
  period: z
    .string({ error: 'required' })
    .trim()
    .toUpperCase()
    .pipe(z.string().min(1, { error: 'required' }).regex(PERIOD_PATTERN, { error: 'paymentPeriodFormat' })),
});
export type GenerateListInput = z.input<typeof generateListSchema>;
export type GenerateListData = z.output<typeof generateListSchema>;

/** A move of the list's state (submit, approve, close, regenerate): the version the page was loaded at. */
export const listMoveSchema = z.object({ listId: id, version });
export type ListMove = z.output<typeof listMoveSchema>;

export const rejectListSchema = listMoveSchema.extend({
  reason: z
    .string({ error: 'required' })
    .trim()
    .pipe(z.string().min(1, { error: 'required' }).max(1000, { error: 'tooLong' })),
});
export type RejectList = z.output<typeof rejectListSchema>;

export const carryListSchema = z.object({ listId: id });

/** The Payments page's filters and the lists API's query. */
export const listQuerySchema = z.object({
  programme: z.uuid({ error: 'invalid' }).optional(),
  status: z.enum(LIST_STATUSES, { error: 'invalid' }).optional(),
  /** Keyset cursor: the id of the last list of the previous page. */
  after: z.uuid({ error: 'invalid' }).optional(),
  limit: z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1).max(200).default(50),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** A list's lines, in line order: keyset paging by line number. */
export const linesQuerySchema = z.object({
  status: z.enum(LINE_STATUSES, { error: 'invalid' }).optional(),
  /** The last line number of the previous page (an integer column: beyond its range was a 500). */
  after: z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0).max(2_147_483_647).optional(),
  limit: z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1).max(500).default(100),
});
export type LinesQuery = z.output<typeof linesQuerySchema>;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The first and last day a period covers, or null when the period is not written as the programme's
 * frequency asks ('2026-12' monthly, '2026-Q4' quarterly, a real date for a one-off payment).
 */
export function periodDates(period: string, frequency: string): { start: string; end: string } | null {
  let m: RegExpMatchArray | null;
  if (frequency === 'monthly' && (m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(lastDay(y, mo))}` };
  }
  if (frequency === 'quarterly' && (m = /^(\d{4})-Q([1-4])$/.exec(period))) {
    const y = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { start: `${m[1]}-${pad(first)}-01`, end: `${m[1]}-${pad(first + 2)}-${pad(lastDay(y, first + 2))}` };
  }
  if (frequency === 'one_off' && /^\d{4}-\d{2}-\d{2}$/.test(period)) {
    const d = new Date(`${period}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== period) return null;
    return { start: period, end: period };
  }
  return null;
}
