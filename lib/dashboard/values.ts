// The dashboard's coded values, in a plain module (the page and the charts list them).

/** Age bands of the member chart, youngest first: children under five, school age, working age, older people. */
export const AGE_BANDS = ['0-4', '5-17', '18-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The counts are recomputed when older than this (the page says how old they are). */
export const MAX_AGE_MS = 5 * 60_000;

/**
 * Counts that took less than this to compute are computed again on every visit (a small operator's
 * figures are then always current); slower ones are served from the summary for up to MAX_AGE_MS.
 */
export const INLINE_REFRESH_MS = 50;
