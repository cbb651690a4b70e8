// The levels of the administrative units, in a plain module: record pages (client components)
// name them, and db/schema/gazetteer.ts re-exports them, so there is one list.

export const UNIT_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
