import { sql } from 'drizzle-orm';

/**
 * A CHECK constraint's `IN (…)` list from the coded values of a plain lib module. Only for those
 * constants (never user input): the values become SQL text, as the migration holds them.
 */
export const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
