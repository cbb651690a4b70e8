// The dashboard's coded values, in a plain module (the page and the charts list them).

/** Age bands of the member chart, youngest first: children under five, school age, working age, older people. */
export const AGE_BANDS = ['0-4', '5-17', '18-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The counts are recomputed when older than this (the page says how old they are). */
export const MAX_AGE_MS = 5 * 60_000;

/**
 * An operator with at most this many members has its counts recomputed on every visit (a few
 * milliseconds on PostgreSQL: its figures are then always current); a larger one is served from the
 * summary for up to MAX_AGE_MS. By size, not by the last refresh's duration: that varies with load.
 */
export const INLINE_MAX_MEMBERS = 10_000;

/**
 * lib/dashboard/ahead.ts treats an audited change this much older than the last count as possibly missed by it (its
 * transaction began before the count and committed after).
 */
export const CHANGE_MARGIN_MS = 60_000;
