import 'server-only';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { paymentLists, type PaymentListRow } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { parse, type PaymentActor } from './generate';
import { listMoveSchema, rejectListSchema } from './schemas';
import type { ListStatus } from './values';

// Maker-checker (issue 10): draft → submitted → approved → exported → reconciled → closed, and
// submitted → draft when an approver rejects it with a reason. Every move is ONE conditional UPDATE
// (… where status = <expected> and version = <the page's>), so of two people acting at once exactly
// one moves the list and the other is told what happened instead; its audit row is written in the
// same transaction. Who may try a move is the entry point's role check (paymentLists,
// paymentApproval); who may NOT approve — whoever generated or submitted the list — is checked here,
// inside the same UPDATE, so an administrator holding both roles can never make and check alone.
//
// An approved list is frozen: its lines are written only by generation and regeneration, both
// draft-only (lib/payments/generate.ts); after approval only their outcome (paid, failed, carried)
// changes, through the results import and carry-over.

/** A user acting on a list; the background file export passes its user the same way. */
export type ListActor = Tenant & { readonly id: string };

interface Move {
  listId: string;
  from: ListStatus;
  to: ListStatus;
  action: string;
  /** The version the page was loaded at; absent for moves made by the system (export, results import). */
  version?: number;
  set?: Partial<Record<keyof PaymentListRow, unknown>>;
  /** A further condition (the approver is not the maker); when it alone fails: FORBIDDEN `refusedKey`. */
  also?: SQL;
  refusedKey?: string;
  audit?: Record<string, unknown>;
}

async function explain(tx: Db, actor: ListActor, m: Move): Promise<never> {
  const [now] = await tx
    .select({ status: paymentLists.status, version: paymentLists.version })
    .from(paymentLists)
    .where(and(eq(paymentLists.id, m.listId), ownedBy(paymentLists, actor)));
  if (!now) throw new DomainError('NOT_FOUND');
  if (now.status !== m.from) {
    // Someone else made this very move first (two approvals at once): say so plainly.
    if (now.status === m.to) throw new DomainError('CONFLICT', `paymentListAlready_${m.to}`);
    throw new DomainError('CONFLICT', 'paymentListWrongState');
  }
  if (m.version !== undefined && now.version !== m.version) throw new DomainError('CONFLICT', 'paymentListChanged');
  throw new DomainError('FORBIDDEN', m.refusedKey ?? 'FORBIDDEN');
}

/** The conditional UPDATE and its audit row, in `tx`. Answers the new version. */
async function move(tx: Db, actor: ListActor, m: Move): Promise<{ version: number; status: ListStatus }> {
  const [row] = await tx
    .update(paymentLists)
    .set({
      ...(m.set as object),
      status: m.to,
      version: sql`${paymentLists.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(paymentLists.id, m.listId),
        ownedBy(paymentLists, actor),
        eq(paymentLists.status, m.from),
        m.version === undefined ? undefined : eq(paymentLists.version, m.version),
        m.also,
      ),
    )
    .returning({ version: paymentLists.version });
  if (!row) return explain(tx, actor, m);
  await writeAudit(tx, {
    operatorId: actor.operatorId,
    actorId: actor.id,
    action: m.action,
    entityType: 'payment_list',
    entityId: m.listId,
    before: { status: m.from },
    after: { status: m.to, ...m.audit },
  });
  return { version: row.version, status: m.to };
}

const inTx = (actor: ListActor, m: Move) => db().transaction((tx) => move(tx, actor, m));

/** draft → submitted (paymentLists). */
export async function submitList(actor: PaymentActor, input: unknown) {
  const { listId, version } = parse(listMoveSchema, input);
  return inTx(actor, {
    listId,
    version,
    from: 'draft',
    to: 'submitted',
    action: 'paymentList.submit',
    set: { submittedBy: actor.id, submittedAt: sql`now()`, rejectionReason: null },
  });
}

/** submitted → approved (paymentApproval), by a user who neither generated nor submitted the list. */
export async function approveList(actor: PaymentActor, input: unknown) {
  const { listId, version } = parse(listMoveSchema, input);
  return inTx(actor, {
    listId,
    version,
    from: 'submitted',
    to: 'approved',
    action: 'paymentList.approve',
    set: { approvedBy: actor.id, approvedAt: sql`now()` },
    also: sql`${paymentLists.generatedBy} is distinct from ${actor.id}::uuid
      and ${paymentLists.submittedBy} is distinct from ${actor.id}::uuid`,
    refusedKey: 'paymentListMakerCannotApprove',
  });
}

/** submitted → draft with a reason (paymentApproval); the maker corrects, regenerates or submits again. */
export async function rejectList(actor: PaymentActor, input: unknown) {
  const { listId, version, reason } = parse(rejectListSchema, input);
  return inTx(actor, {
    listId,
    version,
    from: 'submitted',
    to: 'draft',
    action: 'paymentList.reject',
    set: { rejectionReason: reason, submittedBy: null, submittedAt: null },
    also: sql`${paymentLists.generatedBy} is distinct from ${actor.id}::uuid
      and ${paymentLists.submittedBy} is distinct from ${actor.id}::uuid`,
    refusedKey: 'paymentListMakerCannotApprove',
    audit: { reason },
  });
}

/** reconciled → closed (paymentLists): nothing more is paid or carried from it. */
export async function closeList(actor: PaymentActor, input: unknown) {
  const { listId, version } = parse(listMoveSchema, input);
  return inTx(actor, {
    listId,
    version,
    from: 'reconciled',
    to: 'closed',
    action: 'paymentList.close',
    set: { closedAt: sql`now()` },
  });
}

/** A system move that is also made again harmlessly: the second download, the second results file. */
async function systemMove(tx: Db, actor: ListActor, listId: string, m: Omit<Move, 'listId'>, later: ListStatus[]) {
  try {
    await move(tx, actor, { ...m, listId });
    return true;
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'CONFLICT') throw e;
    const [now] = await tx
      .select({ status: paymentLists.status })
      .from(paymentLists)
      .where(and(eq(paymentLists.id, listId), ownedBy(paymentLists, actor), inArray(paymentLists.status, later)));
    if (now) return false;
    throw new DomainError('CONFLICT', m.from === 'approved' ? 'paymentListNotApproved' : 'paymentListNotExported');
  }
}

/**
 * approved → exported, in the file export's transaction. Answers true when it moved the list, false
 * when the list was exported before (a second download changes nothing). A list not yet approved:
 * CONFLICT 'paymentListNotApproved'; another operator's or no list: NOT_FOUND.
 */
export async function markExported(tx: Db, actor: ListActor, listId: string): Promise<boolean> {
  return systemMove(
    tx,
    actor,
    listId,
    { from: 'approved', to: 'exported', action: 'paymentList.export', set: { exportedAt: sql`now()` } },
    ['exported', 'reconciled', 'closed'],
  );
}

/**
 * exported → reconciled, in the results import's transaction (after its lines and totals were
 * written). True when it moved the list; false when it was reconciled already (a later results file).
 * A list not exported: CONFLICT 'paymentListNotExported'.
 */
export async function markReconciled(tx: Db, actor: ListActor, listId: string): Promise<boolean> {
  return systemMove(
    tx,
    actor,
    listId,
    { from: 'exported', to: 'reconciled', action: 'paymentList.reconcile', set: { reconciledAt: sql`now()` } },
    ['reconciled', 'closed'],
  );
}
