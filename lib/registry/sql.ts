import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';

/** Rows of a raw statement: PGlite answers `{ rows }`, postgres-js an array. */
export async function query<T>(tx: Db, statement: SQL): Promise<T[]> {
  const res: unknown = await tx.execute(statement);
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []);
}
