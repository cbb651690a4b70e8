import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { query } from '@/db/rows';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { tenantOf } from '@/lib/auth/scope';

// The two moves of a list that files and results make: approved → exported (the first download)
// and exported → reconciled (every line settled). Each is one conditional UPDATE, so two downloads
// or two imports at once move the list once, with one audit row, in the caller's transaction.
// TODO(lead): lib/payments/transitions.ts (h-lists) has markExported/markReconciled; once merged,
// these can call them instead.

/** approved → exported; true when this call moved it (false: already exported or beyond). */
export async function markExportedOnce(tx: Db, actor: OperatorUser, listId: string): Promise<boolean> {
  const moved = await query<{ id: string; version: number }>(
    tx,
    sql`update payment_lists set status = 'exported', exported_at = now(), version = version + 1, updated_at = now()
      where id = ${listId} and operator_id = ${tenantOf(actor)} and status = 'approved'
      returning id, version`,
  );
  if (moved.length === 0) return false;
  await writeAudit(tx, {
    operatorId: actor.operatorId,
    actorId: actor.id,
    action: 'paymentList.export',
    entityType: 'payment_list',
    entityId: listId,
    before: { status: 'approved' },
    after: { status: 'exported', version: Number(moved[0]!.version) },
  });
  return true;
}

/** exported → reconciled when no line is pending any more; true when this call moved it. */
export async function markReconciledIfSettled(tx: Db, actor: OperatorUser, listId: string): Promise<boolean> {
  const moved = await query<{ id: string; version: number }>(
    tx,
    sql`update payment_lists pl set status = 'reconciled', reconciled_at = now(), version = version + 1, updated_at = now()
      where pl.id = ${listId} and pl.operator_id = ${tenantOf(actor)} and pl.status = 'exported'
        and not exists (select 1 from payment_lines l where l.list_id = pl.id and l.status = 'pending')
      returning pl.id, pl.version`,
  );
  if (moved.length === 0) return false;
  await writeAudit(tx, {
    operatorId: actor.operatorId,
    actorId: actor.id,
    action: 'paymentList.reconcile',
    entityType: 'payment_list',
    entityId: listId,
    before: { status: 'exported' },
    after: { status: 'reconciled', version: Number(moved[0]!.version) },
  });
  return true;
}
