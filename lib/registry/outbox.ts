import 'server-only';
import { and, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  identityVerifications,
  memberRegistry,
  registryOutbox,
  registryReviews,
  type ReviewDecision,
} from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { recordReferenceId } from '@/lib/camdx/member';

export interface MemberChange {
  id: string;
  operatorId: string;
  version: number;
  /** A review decision this version tells the registry. */
  reviewDecision?: ReviewDecision;
}

/**
 * Queues the current version of members for the registry. Call it with the transaction that created
 * or changed them, so the change and its outbox row commit together (never a lost change). The same
 * version twice is one row: its reference_id is the registry's idempotency key. `causedBy` is the
 * staff user who made the change (sent as X-Road-UserId); null only where no person did.
 */
export async function enqueueMemberChanges(tx: Db, changed: MemberChange[], causedBy: string | null): Promise<void> {
  if (changed.length === 0) return;
  await tx
    .insert(registryOutbox)
    .values(
      changed.map((m) => ({
        operatorId: m.operatorId,
        memberId: m.id,
        memberVersion: m.version,
        referenceId: recordReferenceId(m.id, m.version),
        causedBy,
        reviewDecision: m.reviewDecision ?? null,
      })),
    )
    .onConflictDoNothing({ target: registryOutbox.referenceId });
  // The member's SPID, once it has one, stays: a new version only changes the state shown.
  await tx
    .insert(memberRegistry)
    .values(changed.map((m) => ({ memberId: m.id, operatorId: m.operatorId, state: 'queued' as const })))
    .onConflictDoUpdate({
      target: memberRegistry.memberId,
      set: {
        state: 'queued',
        lastError: null,
        lastReasonCode: null,
        lastReasonMessage: null,
        attempts: 0,
        updatedAt: sql`now()`,
      },
    });
}

/** One member's change; see enqueueMemberChanges. */
export function enqueueMemberChange(tx: Db, member: MemberChange, causedBy: string | null): Promise<void> {
  return enqueueMemberChanges(tx, [member], causedBy);
}

/**
 * Before a member enrolled by mistake is deleted: refuses when the registry may already hold them
 * (sent, or with a SPID — that record is corrected, not deleted), else drops their local sync rows.
 */
export async function forgetUnsentMembers(tx: Db, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const [sent] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberRegistry)
    .where(
      and(
        inArray(memberRegistry.memberId, memberIds),
        sql`(${memberRegistry.spid} IS NOT NULL OR ${memberRegistry.state} IN ('sent', 'accepted', 'has_spid', 'awaiting_review'))`,
      ),
    );
  if (sent?.n) throw new DomainError('FORBIDDEN', 'deleteRegistered');
  await tx.delete(registryOutbox).where(inArray(registryOutbox.memberId, memberIds));
  await tx.delete(identityVerifications).where(inArray(identityVerifications.memberId, memberIds));
  await tx.delete(registryReviews).where(inArray(registryReviews.memberId, memberIds));
  await tx.delete(memberRegistry).where(inArray(memberRegistry.memberId, memberIds));
}
