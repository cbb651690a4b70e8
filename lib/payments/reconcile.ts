import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { paymentLists, paymentResultImports, type ProviderLayout } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { enqueueBenefitChanges } from '@/lib/registry/benefits';
import { readResults, readResultsFile, ResultsRefusal } from './reconcile-read';
import { recomputeTotals } from './totals';
import { markReconciled } from './transitions';

// A provider's results applied to a list, in one transaction: the rows are loaded into a temporary
// table in one statement, classified there against the list's lines (unknown reference, the same
// line twice, another currency, a changed amount, a line carried on or already paid), and the rows
// without a problem are applied with one UPDATE … FROM. Rows with a problem are stored with the
// import and shown; they change nothing. The same file (by SHA-256) applies to a list once.

export type Problem = { row: number; ref: string; problem: string; detail?: string };
export type ImportOutcome =
  | { status: 'refused'; key: string; params: Record<string, string | number> }
  | { status: 'alreadyImported'; importId: string }
  | {
      status: 'applied';
      importId: string;
      rows: number;
      paid: number;
      failed: number;
      changed: number;
      problems: number;
      reconciled: boolean;
    };

/** Results come back for a list that was sent: exported, or reconciled when a later file settles more. */
const ACCEPTS = ['exported', 'reconciled'];

async function lockedList(tx: Db, actor: Tenant, listId: string) {
  const [list] = await tx
    .select()
    .from(paymentLists)
    .where(and(ownedBy(paymentLists, actor), eq(paymentLists.id, listId)))
    .for('update');
  if (!list) throw new DomainError('NOT_FOUND');
  if (!ACCEPTS.includes(list.status)) throw new DomainError('CONFLICT', 'paymentResultsNotExported');
  return list;
}

async function loadRows(tx: Db, actor: Tenant, listId: string, rowsJson: string) {
  await tx.execute(sql`create temp table results_in (
      r int, ref text, st text, reason text, txn text, paid date, amt bigint, cur text,
      line_id uuid, was text, problem text, detail text) on commit drop`);
  await tx.execute(sql`insert into results_in
    with f as (
      select * from jsonb_to_recordset(${rowsJson}::jsonb)
        as f(r int, ref text, st text, reason text, txn text, paid date, amt bigint, cur text, bad text)),
    n as (select ref, count(*) as c, string_agg(r::text, ', ' order by r) as at from f group by ref)
    select f.r, f.ref, f.st, f.reason, f.txn, f.paid, f.amt, f.cur, l.id, l.status,
      coalesce(f.bad, case
        when l.id is null then 'unknownRef'
        when n.c > 1 then 'duplicate'
        when f.cur is not null and f.cur <> l.currency then 'otherCurrency'
        when f.amt is not null and f.amt <> l.amount then 'amountChanged'
        when l.carried_to_line_id is not null then 'carried'
        when l.status = 'paid' and (f.st = 'failed'
          or (f.txn, f.paid) is distinct from (l.transaction_ref, l.paid_on)) then 'alreadyPaid'
      end),
      case
        when f.bad is not null or l.id is null then null
        when n.c > 1 then n.at
        when f.cur is not null and f.cur <> l.currency then f.cur || ' ≠ ' || l.currency
        when f.amt is not null and f.amt <> l.amount then f.amt::text || ' ≠ ' || l.amount::text
      end
    from f join n on n.ref = f.ref
    left join payment_lines l on l.list_id = ${listId} and l.operator_id = ${tenantOf(actor)} and l.line_ref = f.ref`);
  // A temporary table has no statistics until analysed: without them the UPDATE may loop over it.
  await tx.execute(sql`analyze results_in`);
}

/**
 * The rows without a problem, applied: answers how many lines changed and who became paid (a
 * household's line: its head), as one JSON array rather than a row each.
 */
async function applyRows(tx: Db, actor: Tenant): Promise<{ changed: number; paid: string[] }> {
  const [r] = await query<{ changed: number; paid: string }>(
    tx,
    sql`with u as (
      update payment_lines l set
        status = j.st,
        failure_reason = case when j.st = 'failed' then j.reason end,
        transaction_ref = j.txn,
        paid_on = case when j.st = 'paid' then j.paid end
      from results_in j
      where l.id = j.line_id and j.problem is null
        and (l.status, l.failure_reason, l.transaction_ref, l.paid_on) is distinct from
          (j.st, case when j.st = 'failed' then j.reason end, j.txn, case when j.st = 'paid' then j.paid end)
      returning l.status, j.was, l.member_id, l.household_id),
    p as (select coalesce(u.member_id, (select m.id from members m
        where m.operator_id = ${tenantOf(actor)} and m.household_id = u.household_id and m.relationship = 'head'
        order by m.created_at limit 1)) as id
      from u where u.status = 'paid' and u.was is distinct from 'paid')
    select (select count(*) from u)::int as changed,
      coalesce((select json_agg(id) from p where id is not null), '[]')::text as paid`,
  );
  return { changed: Number(r!.changed), paid: JSON.parse(r!.paid) as string[] };
}

/**
 * The caller's list, if it takes results now: another operator's (or no) list is not found, a list not
 * yet sent a conflict. The upload route asks this before reading the body.
 */
export async function acceptingList(actor: Tenant, listId: string) {
  const [list] = await db()
    .select()
    .from(paymentLists)
    .where(and(ownedBy(paymentLists, actor), eq(paymentLists.id, listId)));
  if (!list) throw new DomainError('NOT_FOUND');
  if (!ACCEPTS.includes(list.status)) throw new DomainError('CONFLICT', 'paymentResultsNotExported');
  return list;
}

/**
 * A results file: bytes, or a file on disk (an upload, streamed there and hashed on the way). From
 * disk it is read record by record; only the checked rows' JSON is held for the import.
 */
export type ResultsFile = { name: string; bytes: Uint8Array } | { name: string; path: string; sha256: string };

export async function importResults(
  actor: OperatorUser,
  listId: string,
  file: ResultsFile,
  amountFormat: ProviderLayout['amountFormat'] = 'decimal',
): Promise<ImportOutcome> {
  const list = await acceptingList(actor, listId);
  const sha = 'path' in file ? file.sha256 : createHash('sha256').update(file.bytes).digest('hex');
  const earlier = await db()
    .select({ id: paymentResultImports.id })
    .from(paymentResultImports)
    .where(
      and(
        ownedBy(paymentResultImports, actor),
        eq(paymentResultImports.listId, list.id),
        eq(paymentResultImports.fileSha256, sha),
      ),
    );
  if (earlier[0]) return { status: 'alreadyImported', importId: earlier[0].id };

  let rowsJson: string;
  let rowCount: number;
  try {
    // Only the JSON text is kept: the rows' objects are left for the collector before the import.
    const rows =
      'path' in file
        ? await readResultsFile(file.path, list.currency, amountFormat)
        : await readResults(file.bytes, list.currency, amountFormat);
    rowCount = rows.length;
    rowsJson = JSON.stringify(rows);
  } catch (e) {
    if (e instanceof ResultsRefusal) return { status: 'refused', key: e.key, params: e.params };
    throw e;
  }

  return db().transaction(async (tx) => {
    const locked = await lockedList(tx, actor, list.id);
    // Inserted first: a second import of the same file at the same moment waits here, then finds it.
    const [imp] = await tx
      .insert(paymentResultImports)
      .values({
        operatorId: actor.operatorId,
        listId: list.id,
        fileName: file.name.slice(0, 255),
        fileSha256: sha,
        rows: rowCount,
        paid: 0,
        failed: 0,
        problems: [],
        importedBy: actor.id,
      })
      .onConflictDoNothing()
      .returning({ id: paymentResultImports.id });
    if (!imp) {
      const [other] = await tx
        .select({ id: paymentResultImports.id })
        .from(paymentResultImports)
        .where(and(eq(paymentResultImports.listId, list.id), eq(paymentResultImports.fileSha256, sha)));
      return { status: 'alreadyImported' as const, importId: other!.id };
    }
    await loadRows(tx, actor, list.id, rowsJson);
    const problems = (
      await query<{ r: number; ref: string; problem: string; detail: string | null }>(
        tx,
        sql`select r, ref, problem, detail from results_in where problem is not null order by r`,
      )
    ).map((p): Problem => ({
      row: Number(p.r),
      ref: p.ref,
      problem: p.problem,
      ...(p.detail ? { detail: p.detail } : {}),
    }));
    const [counts] = await query<{ paid: number; failed: number }>(
      tx,
      sql`select count(*) filter (where st = 'paid')::int as paid, count(*) filter (where st = 'failed')::int as failed
        from results_in where problem is null`,
    );
    const changed = await applyRows(tx, actor);
    await tx
      .update(paymentResultImports)
      .set({ paid: counts!.paid, failed: counts!.failed, problems })
      .where(eq(paymentResultImports.id, imp.id));
    await recomputeTotals(tx, list.id);
    const [{ pending } = { pending: 0 }] = await query<{ pending: number }>(
      tx,
      sql`select count(*)::int as pending from payment_lines where list_id = ${list.id} and status = 'pending'`,
    );
    // Every line paid or failed: the list is reconciled (a later file for the failed lines still applies).
    const reconciled = pending === 0 && locked.status === 'exported' ? await markReconciled(tx, actor, list.id) : false;
    await enqueueBenefitChanges(tx, actor, changed.paid, actor.id);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'paymentList.results',
      entityType: 'payment_list',
      entityId: list.id,
      after: {
        importId: imp.id,
        fileName: file.name,
        sha256: sha,
        rows: rowCount,
        paid: counts!.paid,
        failed: counts!.failed,
        changed: changed.changed,
        problems: problems.length,
      },
    });
    return {
      status: 'applied' as const,
      importId: imp.id,
      rows: rowCount,
      paid: counts!.paid,
      failed: counts!.failed,
      changed: changed.changed,
      problems: problems.length,
      reconciled,
    };
  });
}

/** The list's result imports, newest first, with their problems. */
export async function listResultImports(actor: Tenant, listId: string) {
  return db()
    .select()
    .from(paymentResultImports)
    .where(and(ownedBy(paymentResultImports, actor), eq(paymentResultImports.listId, listId)))
    .orderBy(desc(paymentResultImports.createdAt))
    .limit(20);
}
