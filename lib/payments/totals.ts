import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/**
 * Sets a list's counts and totals from its lines, in the caller's transaction: every write to a
 * list's lines (generate, reconcile, carry) ends with this, so the totals always equal the sum of
 * the lines. A carried line still counts in its own list (it was part of what was approved), as
 * failed.
 */
export async function recomputeTotals(tx: Db, listId: string): Promise<void> {
  await tx.execute(sql`update payment_lists pl set
      line_count = t.n, total_amount = t.total,
      paid_count = t.paid_n, paid_amount = t.paid,
      failed_count = t.failed_n, failed_amount = t.failed,
      updated_at = now()
    from (select count(*)::int as n, coalesce(sum(amount), 0)::bigint as total,
        count(*) filter (where status = 'paid')::int as paid_n,
        coalesce(sum(amount) filter (where status = 'paid'), 0)::bigint as paid,
        count(*) filter (where status = 'failed')::int as failed_n,
        coalesce(sum(amount) filter (where status = 'failed'), 0)::bigint as failed
      from payment_lines where list_id = ${listId}) t
    where pl.id = ${listId}`);
}
