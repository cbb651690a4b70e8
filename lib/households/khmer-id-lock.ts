import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { Tenant } from '@/lib/auth/scope';

/**
 * Serialises writers of the same Khmer ID within one operator. The duplicate check is
 * read-then-write and members.khmer_id is not unique (an audited administrator override may save a
 * second holder), so two officers saving the same new ID at once could both pass the check. Each
 * path that checks a Khmer ID and then writes it takes, first in its transaction, transaction-scoped
 * advisory locks on the IDs; the second writer waits for the first to commit, then its check (a new
 * snapshot: READ COMMITTED) sees the first one's member.
 *
 * The lock is per (operator, one of 256 buckets of the ID's hash), not per ID: an import batch of
 * 2,500 IDs then takes at most 256 locks instead of 2,500 (PostgreSQL's lock table holds about
 * 64 per connection by default, shared), and an enrolment waits for an import batch of its operator
 * (about a second) at worst. Two-key advisory locks do not meet the one-key lock of the migrator.
 * Set-based and in key order, so two writers locking overlapping sets cannot deadlock.
 */
export const KHMER_ID_BUCKETS = 256;

export async function lockKhmerIds(tx: Db, actor: Tenant, ids: readonly (string | null | undefined)[]): Promise<void> {
  const list = [...new Set(ids.filter((v): v is string => Boolean(v)))];
  if (list.length === 0) return;
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(k.op, k.bucket)) as n
    from (select distinct hashtext('khmer_id:' || ${actor.operatorId}::text) as op,
                 (hashtext(id) & ${KHMER_ID_BUCKETS - 1}) as bucket
          from jsonb_array_elements_text(${JSON.stringify(list)}::jsonb) as t(id)
          order by bucket) as k`);
}
