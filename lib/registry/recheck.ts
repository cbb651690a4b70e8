import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import type { Tenant } from '@/lib/auth/scope';
import type { Camdx } from '@/lib/camdx';
import { settleMembers, type Settled } from './apply';
import { representedPartyOf } from './records';
import { query } from '@/db/rows';

/**
 * Asks the registry again about records it held for de-duplication review (txn/status by
 * reference_id answers with the decision once made). A settled SPID goes on the member; a review the
 * registry settled closes as 'linked' unless the SPID is another of our members' (staff decide then).
 */
export async function recheckReviews(camdx: Camdx, userId: string, limit = 200): Promise<number> {
  const open = await query<{ id: number | string; member_id: string; reference_id: string; operator_id: string }>(
    db(),
    sql`
    SELECT o.id, r.member_id, r.reference_id, r.operator_id FROM registry_reviews r
    JOIN registry_outbox o ON o.reference_id = r.reference_id
    WHERE r.status = 'open' AND r.spid IS NULL ORDER BY r.created_at LIMIT ${limit}`,
  );
  if (open.length === 0) return 0;
  const settled: Settled[] = [];
  // One call per operator: each carries that operator's X-Road-Represented-Party.
  const byOperator = new Map<string, typeof open>();
  for (const o of open) {
    const list = byOperator.get(o.operator_id) ?? [];
    list.push(o);
    byOperator.set(o.operator_id, list);
  }
  for (const [operatorId, rows] of byOperator) {
    // The recheck runs for no signed-in user and across operators; each call acts for the operator
    // whose reviews it carries, so that group's operator is the tenant.
    const tenant: Tenant = { operatorId };
    const representedParty = await representedPartyOf(db(), tenant, camdx.client.config.strictIdentifiers);
    const ctx = { userId, ...(representedParty ? { representedParty } : {}) };
    const { outcomes } = await camdx.txnStatus(
      rows.map((o) => o.reference_id),
      ctx,
    );
    // A settled record whose answer names no SPID: looked up by the member's LOCAL id; not found yet,
    // it is asked about again at the next re-check (never settled without its SPID).
    const unnamed = outcomes.flatMap((o, i) =>
      o.status === 'succ' && !o.spid ? [{ referenceId: o.referenceId, localId: rows[i]!.member_id }] : [],
    );
    const found = unnamed.length > 0 ? await camdx.findSpids(unnamed, ctx) : new Map<string, string>();
    outcomes.forEach((o, i) => {
      const row = rows[i]!;
      if (o.status !== 'succ' && o.status !== 'rjct') return;
      const spid = o.spid ?? found.get(o.referenceId);
      if (o.status === 'succ' && !spid) return;
      settled.push({
        id: Number(row.id),
        member_id: row.member_id,
        reference_id: row.reference_id,
        status: o.status,
        spid: spid ?? null,
        candidate_spid: null,
        code: o.reasonCode ?? null,
        message: o.reasonMessage ?? null,
      });
    });
  }
  if (settled.length === 0) return 0;
  await db().transaction(async (tx) => {
    await settleMembers(tx, settled);
    await tx.execute(sql`
      UPDATE registry_reviews v SET spid = r.spid,
        status = CASE WHEN r.status = 'rjct' THEN 'dismissed' WHEN m.spid = r.spid THEN 'linked' ELSE v.status END,
        resolved_at = CASE WHEN r.status = 'rjct' OR m.spid = r.spid THEN now() END
      FROM jsonb_to_recordset(${JSON.stringify(settled)}::jsonb) AS r(reference_id text, status text, spid text), member_registry m
      WHERE v.reference_id = r.reference_id AND m.member_id = v.member_id`);
  });
  return settled.length;
}
