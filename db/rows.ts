import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

/**
 * The rows of `db.execute()`, whichever driver answered: postgres-js gives an array, PGlite an
 * object with `rows`. Every raw statement goes through one of these two, so queries are written
 * once for both drivers.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Runs a raw statement and answers its rows, typed by the caller. */
export async function query<T = Record<string, unknown>>(tx: Db, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await tx.execute(statement));
}
