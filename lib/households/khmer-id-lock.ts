import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { Tenant } from '@/lib/auth/scope';

/**
 * Serialises writers of the same Khmer ID within one operator. The duplicate check is
 * read-then-write and members.khmer_id is not unique (an audited administrator override may save a
 * second holder), so two officers saving the same new ID at once could both pass the check. Each
 * path that checks a Khmer ID and then writes it takes, first in its transaction, one
 * transaction-scoped advisory lock per (operator, Khmer ID); the second writer waits for the first
 * to commit, then its check (a new snapshot: READ COMMITTED) sees the first one's member.
 * Set-based and in hash order, so that two writers locking overlapping sets cannot deadlock.
 */
export async function lockKhmerIds(tx: Db, actor: Tenant, ids: readonly (string | null | undefined)[]): Promise<void> {
  const list = [...new Set(ids.filter((v): v is string => Boolean(v)))];
  if (list.length === 0) return;
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(k.h)) as n
    from (select distinct hashtextextended(${actor.operatorId}::text || ':' || id, 0) as h
          from jsonb_array_elements_text(${JSON.stringify(list)}::jsonb) as t(id)
          order by h) as k`);
}
