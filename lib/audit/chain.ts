import 'server-only';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { systemLogger } from '@/lib/log';
import { startPeriodic } from '@/lib/periodic';

/*
 * The audit trail's hash chain (migration 0028). The database refuses to change the trail to the app's
 * role; seals make a change by anyone else — the owner, a superuser, someone editing a backup — show.
 * Seal n covers the rows with ids after seal n-1's `upto_id` up to its own:
 *   rows_digest = sha256(the rows' canonical text, in id order)   (sdp_audit_rows_digest)
 *   digest      = sha256(previous digest : n : upto_id : row_count : rows_digest)
 * A seal never goes past the "tip" (sdp_audit_mark_tip): the highest id below which no transaction can
 * still add a row, so a row that commits late is never left out of a seal covering its id.
 *
 * What the chain cannot show by itself is its own end cut off (the last seals and the rows after them
 * deleted together): each seal is logged (`audit.sealed`, with its digest), and `npm run audit:verify
 * -- --expect <seq>:<digest>` checks a head kept elsewhere is still in the chain.
 */

/** Rows per seal: a seal's digest is computed in one statement, which should stay short. */
export const ROWS_PER_SEAL = 10_000;

export interface Seal {
  seq: number;
  uptoId: number;
  rowCount: number;
  digest: string;
}

/** Marks the tip (a statement of its own: it holds a lock until it ends). Null: a writer ran long; try later. */
export async function markTip(handle: Db = db()): Promise<number | null> {
  const [row] = await query<{ tip: string | null }>(handle, sql`select sdp_audit_mark_tip()::text as tip`);
  return row?.tip == null ? null : Number(row.tip);
}

/**
 * Marks the tip, then seals up to it, at most `maxSeals` seals of `rowsPerSeal` rows (a backlog is
 * caught up over several rounds). Returns the seals made; none when another session is sealing.
 */
export async function sealAudit(
  opts: { maxSeals?: number; rowsPerSeal?: number; handle?: Db } = {},
): Promise<{ tip: number | null; seals: Seal[] }> {
  const handle = opts.handle ?? db();
  const tip = await markTip(handle);
  const seals: Seal[] = [];
  for (let i = 0; i < (opts.maxSeals ?? 50); i++) {
    const [s] = await query<{ seq: string; upto_id: string; row_count: number; digest: string }>(
      handle,
      sql`select seq::text, upto_id::text, row_count, digest from sdp_audit_seal(${opts.rowsPerSeal ?? ROWS_PER_SEAL})`,
    );
    if (!s) break;
    seals.push({ seq: Number(s.seq), uptoId: Number(s.upto_id), rowCount: s.row_count, digest: s.digest });
  }
  return { tip, seals };
}

/** digest = sha256(previous digest : seq : upto_id : row_count : rows_digest), as sdp_audit_seal computes it. */
export function chainDigest(previous: string, seq: number, uptoId: number, rowCount: number, rowsDigest: string) {
  return createHash('sha256').update(`${previous}:${seq}:${uptoId}:${rowCount}:${rowsDigest}`, 'utf8').digest('hex');
}

export type ChainBreak =
  /** The rows a seal covers are not the rows it was made of: one changed, was removed or was added. */
  | { seq: number; afterId: number; uptoId: number; reason: 'rows_differ'; sealed: number; found: number }
  /** The seal itself was changed: its digest does not follow from the previous one and its rows'. */
  | { seq: number; afterId: number; uptoId: number; reason: 'seal_altered' }
  /** A seal is missing from the sequence, or its range does not follow the previous one's. */
  | { seq: number; afterId: number; uptoId: number; reason: 'seal_missing' };

export interface ChainReport {
  intact: boolean;
  seals: number;
  sealedRows: number;
  /** Rows after the last seal (sealed on the next rounds). */
  unsealedRows: number;
  head: { seq: number; uptoId: number; digest: string } | null;
  breaks: ChainBreak[];
  /** With `expect`: whether that seal is in the chain with that digest. */
  expected?: { seq: number; digest: string; found: boolean };
}

/**
 * Recomputes every seal from the rows it covers and the seal before it. Reads only: it runs as the app's
 * role, or any role that may read audit_log and audit_seals.
 */
export async function verifyAuditChain(
  opts: { handle?: Db; expect?: { seq: number; digest: string } } = {},
): Promise<ChainReport> {
  const handle = opts.handle ?? db();
  const seals = await query<{ seq: string; upto_id: string; row_count: number; rows_digest: string; digest: string }>(
    handle,
    sql`select seq::text, upto_id::text, row_count, rows_digest, digest from audit_seals s order by s.seq`,
  );
  const breaks: ChainBreak[] = [];
  let previous = '';
  let afterId = 0;
  let sealedRows = 0;
  let expectedFound = false;
  for (const [i, s] of seals.entries()) {
    const seq = Number(s.seq);
    const uptoId = Number(s.upto_id);
    if (seq !== i + 1 || uptoId <= afterId) breaks.push({ seq, afterId, uptoId, reason: 'seal_missing' });
    const [now] = await query<{ row_count: number; digest: string }>(
      handle,
      sql`select row_count, digest from sdp_audit_rows_digest(${afterId}, ${uptoId})`,
    );
    if (now!.row_count !== s.row_count || now!.digest !== s.rows_digest)
      breaks.push({ seq, afterId, uptoId, reason: 'rows_differ', sealed: s.row_count, found: now!.row_count });
    if (chainDigest(previous, seq, uptoId, s.row_count, s.rows_digest) !== s.digest)
      breaks.push({ seq, afterId, uptoId, reason: 'seal_altered' });
    if (opts.expect && opts.expect.seq === seq && opts.expect.digest === s.digest) expectedFound = true;
    sealedRows += s.row_count;
    previous = s.digest;
    afterId = uptoId;
  }
  const [rest] = await query<{ n: number }>(
    handle,
    sql`select count(*)::int as n from audit_log where id > ${afterId}`,
  );
  const last = seals.at(-1);
  return {
    intact: breaks.length === 0 && (!opts.expect || expectedFound),
    seals: seals.length,
    sealedRows,
    unsealedRows: rest!.n,
    head: last ? { seq: Number(last.seq), uptoId: Number(last.upto_id), digest: last.digest } : null,
    breaks,
    ...(opts.expect ? { expected: { ...opts.expect, found: expectedFound } } : {}),
  };
}

/**
 * Seals the trail every `intervalMs` in this process (lib/periodic.ts). Several instances may each run
 * one: a round that finds another sealing does nothing. Each seal is logged with its digest, so the
 * heads are kept outside the database too.
 */
export function startAuditSealer(intervalMs: number): void {
  const log = systemLogger('audit-seal');
  startPeriodic('audit-seal', intervalMs, async () => {
    const started = Date.now();
    try {
      const { tip, seals } = await sealAudit();
      const last = seals.at(-1);
      if (last)
        log.info(
          {
            event: 'audit.sealed',
            seals: seals.length,
            rows: seals.reduce((n, s) => n + s.rowCount, 0),
            seq: last.seq,
            uptoId: last.uptoId,
            digest: last.digest,
            ms: Date.now() - started,
          },
          'audit trail sealed',
        );
      else if (tip === null)
        log.info({ event: 'audit.seal_deferred' }, 'a long write to the audit trail is running: sealing next round');
    } catch (err) {
      log.error({ err, event: 'audit.seal_failed' }, 'the audit trail could not be sealed');
    }
  });
}
