import { sql, type SQL } from 'drizzle-orm';
import { grievances } from '@/db/schema/grievances';
import type { GrievanceStatus } from './values';

// Service levels. A grievance is due `sla_days` WORKING days after the day it was received (Monday to
// Friday, the operator's holidays excluded), counted in Cambodia's calendar (Asia/Phnom_Penh, UTC+7 all
// year: Cambodia has no daylight saving, so a fixed offset is exact and PGlite needs no time-zone data).
// The receipt day itself does not count. It is due until the end of that day (midnight in Phnom Penh).
//
// State, for grievances still open (received / in review): breached once the due day is over; at risk
// once 80 % of the time from receipt to the end of the due day has passed (wall-clock time: weekends
// pass too, as they do for the complainant); on track otherwise. Resolved, rejected or closed
// grievances have no state (null): they are not waiting for anyone.

export const SLA_STATES = ['on_track', 'at_risk', 'breached'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const AT_RISK_SHARE = 0.8;
export const OPEN_STATUSES: readonly GrievanceStatus[] = ['received', 'in_review'];

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in Phnom Penh. */
export function cambodiaDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(day: string): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The due day: `slaDays` working days after the receipt day, skipping weekends and `holidays` (YYYY-MM-DD). */
export function dueDate(receivedAt: Date, slaDays: number, holidays: Iterable<string>): string {
  const off = new Set(holidays);
  let day = cambodiaDay(receivedAt);
  let left = slaDays;
  while (left > 0) {
    day = addDays(day, 1);
    if (!isWeekend(day) && !off.has(day)) left -= 1;
  }
  return day;
}

/** The instant the due day ends: midnight after it, in Phnom Penh. */
export function dueEnd(dueOn: string): Date {
  return new Date(Date.parse(`${addDays(dueOn, 1)}T00:00:00Z`) - OFFSET_MS);
}

/** The service-level state of a grievance at `now`; null once it is resolved, rejected or closed. */
export function slaState(
  g: { status: string; receivedAt: Date; dueOn: string },
  now: Date = new Date(),
): SlaState | null {
  if (!OPEN_STATUSES.includes(g.status as GrievanceStatus)) return null;
  const end = dueEnd(g.dueOn).getTime();
  if (now.getTime() >= end) return 'breached';
  const used = (now.getTime() - g.receivedAt.getTime()) / (end - g.receivedAt.getTime());
  return used >= AT_RISK_SHARE ? 'at_risk' : 'on_track';
}

/** The latest day the calendar needs holidays for, for a service level of `slaDays` (generous: long holiday runs). */
export function holidayHorizon(receivedAt: Date, slaDays: number): string {
  return addDays(cambodiaDay(receivedAt), slaDays * 3 + 60);
}

// The same rules in SQL, for lists and counts (on the `grievances` table, not aliased).
const openSql = sql`${grievances.status} IN ('received', 'in_review')`;
const dueEndSql = sql`((${grievances.dueOn} + 1)::timestamp AT TIME ZONE 'UTC' - interval '7 hours')`;

/** `now` as a timestamptz parameter (tests pass their own clock). */
const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;

export function breachedSql(now: Date = new Date()): SQL {
  return sql`(${openSql} AND ${at(now)} >= ${dueEndSql})`;
}

export function atRiskSql(now: Date = new Date()): SQL {
  return sql`(${openSql} AND ${at(now)} < ${dueEndSql} AND ${at(now)} >= ${grievances.receivedAt} + (${dueEndSql} - ${grievances.receivedAt}) * ${sql.raw(String(AT_RISK_SHARE))})`;
}

export function onTrackSql(now: Date = new Date()): SQL {
  return sql`(${openSql} AND ${at(now)} < ${grievances.receivedAt} + (${dueEndSql} - ${grievances.receivedAt}) * ${sql.raw(String(AT_RISK_SHARE))})`;
}

export function slaStateSql(state: SlaState, now: Date = new Date()): SQL {
  return state === 'breached' ? breachedSql(now) : state === 'at_risk' ? atRiskSql(now) : onTrackSql(now);
}
