import 'server-only';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { CamdxError, type CallContext, type Camdx, type RecordOutcome } from '@/lib/camdx';
import type { ClaimedRow } from './records';

/**
 * The IBR schema gives an enrolled record no SPID field (ours rides in the `identifiers` extension,
 * used when there). A `succ` without one gets it here: a member who has a SPID already keeps it (the
 * registry accepted a change of a record it had linked), unless the change told a review decision,
 * which may link them to someone else; the others are looked up by their LOCAL id
 * (registry/sync/search). One the registry cannot name yet stays 'awaiting' and is asked about again:
 * a member is never marked as having a SPID without one.
 */
export async function withSpids(
  camdx: Camdx,
  rows: ClaimedRow[],
  outcomes: RecordOutcome[],
  ctx: CallContext,
  log: Logger,
): Promise<RecordOutcome[]> {
  const missing = outcomes.filter((o) => o.status === 'succ' && !o.spid);
  if (missing.length === 0) return outcomes;
  const byRef = new Map(rows.map((r) => [r.referenceId, r]));
  const held = await query<{ member_id: string; spid: string }>(
    db(),
    sql`SELECT member_id, spid FROM member_registry WHERE spid IS NOT NULL AND member_id IN (
      SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(missing.map((o) => byRef.get(o.referenceId)?.memberId).filter(Boolean))}::jsonb))`,
  );
  const known = new Map(held.map((h) => [h.member_id, h.spid]));
  const spids = new Map<string, string>();
  const ask: { referenceId: string; localId: string }[] = [];
  for (const o of missing) {
    const row = byRef.get(o.referenceId);
    if (!row) continue;
    const spid = row.review ? undefined : known.get(row.memberId);
    if (spid) spids.set(o.referenceId, spid);
    else ask.push({ referenceId: o.referenceId, localId: row.memberId });
  }
  if (ask.length > 0) {
    try {
      for (const [ref, spid] of await camdx.findSpids(ask, ctx)) spids.set(ref, spid);
    } catch (err) {
      // Not fatal: the records wait ('awaiting') and the next ask looks them up again.
      const e = err instanceof CamdxError ? `${err.kind}:${err.code}` : 'internal';
      log.warn({ event: 'registry.spid_lookup_failed', records: ask.length, error: e }, 'SPID lookup failed');
    }
  }
  return outcomes.map((o) => {
    if (o.status !== 'succ' || o.spid) return o;
    const spid = spids.get(o.referenceId);
    return spid ? { ...o, spid } : { referenceId: o.referenceId, status: 'awaiting' };
  });
}
