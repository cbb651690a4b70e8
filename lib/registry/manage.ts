import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { identityVerifications, memberRegistry, members, registryReviews, type ReviewDecision } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { camdx, CamdxError, type Camdx, type KhmerIdMatch } from '@/lib/camdx';
import { DomainError } from '@/lib/errors';
import { enqueueMemberChange } from './outbox';

/** A CamDX call that could not be made or failed, as an administrator needs to see it. */
export type CamdxFailure =
  { status: 'notConfigured' } | { status: 'failed'; kind: string; code: string; message: string; xRoadId?: string };

export function camdxFailure(e: unknown): CamdxFailure {
  if (e instanceof CamdxError)
    return { status: 'failed', kind: e.kind, code: e.code, message: e.message, xRoadId: e.details.xRoadId };
  throw e;
}

async function ownMember(tx: Db, actor: OperatorUser, memberId: string) {
  const [m] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), ownedBy(members, actor)))
    .for('update');
  if (!m) throw new DomainError('NOT_FOUND');
  return m;
}

/**
 * A record the registry refused (or a review settled by staff) goes again as a new version of the
 * member, through the outbox; a review decision rides on that version to the registry.
 */
async function resendAsNewVersion(
  tx: Db,
  actor: OperatorUser,
  memberId: string,
  action: string,
  reviewDecision?: ReviewDecision,
) {
  const m = await ownMember(tx, actor, memberId);
  const [bumped] = await tx
    .update(members)
    .set({ version: sql`${members.version} + 1`, updatedAt: sql`now()` })
    .where(eq(members.id, m.id))
    .returning({ id: members.id, operatorId: members.operatorId, version: members.version });
  await enqueueMemberChange(tx, { ...bumped!, ...(reviewDecision ? { reviewDecision } : {}) }, actor.id);
  await writeAudit(tx, {
    operatorId: actor.operatorId,
    actorId: actor.id,
    action,
    entityType: 'member',
    entityId: m.id,
    after: {
      version: bumped!.version,
      ...(reviewDecision ? { decision: reviewDecision.kind, spid: reviewDecision.spid } : {}),
    },
  });
}

/**
 * Retry: a member out of attempts is sent again as the same message (its reference_id stays the
 * idempotency key); a rejected one is sent as a new version. `all` does it for every such member.
 */
export async function retrySync(
  actor: OperatorUser,
  input: { memberId: string } | { all: true },
): Promise<{ retried: number }> {
  return db().transaction(async (tx) => {
    const scope =
      'memberId' in input
        ? and(ownedBy(memberRegistry, actor), eq(memberRegistry.memberId, input.memberId))
        : ownedBy(memberRegistry, actor);
    const stuck = await tx
      .select({ memberId: memberRegistry.memberId, state: memberRegistry.state })
      .from(memberRegistry)
      .where(and(scope, sql`${memberRegistry.state} IN ('needs_attention', 'rejected')`));
    if ('memberId' in input && stuck.length === 0) {
      await ownMember(tx, actor, input.memberId);
      throw new DomainError('CONFLICT', 'nothingToRetry');
    }
    for (const s of stuck.filter((x) => x.state === 'rejected'))
      await resendAsNewVersion(tx, actor, s.memberId, 'member.registry_resend');
    const attention = stuck.filter((x) => x.state === 'needs_attention').map((x) => x.memberId);
    if (attention.length > 0) {
      const list = sql`(SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(attention)}::jsonb))`;
      await tx.execute(sql`UPDATE registry_outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL
        WHERE status = 'failed' AND member_id IN ${list}
          AND id = (SELECT max(o.id) FROM registry_outbox o WHERE o.member_id = registry_outbox.member_id)`);
      await tx.execute(
        sql`UPDATE member_registry SET state = 'queued', attempts = 0, updated_at = now() WHERE member_id IN ${list}`,
      );
      for (const memberId of attention) {
        await writeAudit(tx, {
          operatorId: actor.operatorId,
          actorId: actor.id,
          action: 'member.registry_retry',
          entityType: 'member',
          entityId: memberId,
        });
      }
    }
    return { retried: stuck.length };
  });
}

const DECIDED = { link: 'linked', dismiss: 'dismissed', correct: 'corrected' } as const;

/**
 * Staff settle a possible duplicate the registry reported, and the registry is told through the
 * outbox (never called from here): link — the member is the registry's person, so the next version
 * claims that SPID; dismiss — a different person, so the registry gives a new SPID; correct — the
 * record is sent again as it now is. The member takes a SPID when the registry answers.
 */
export async function resolveReview(
  actor: OperatorUser,
  input: { reviewId: string; decision: 'link' | 'dismiss' | 'correct' },
): Promise<{ status: string }> {
  return db().transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(registryReviews)
      .where(and(eq(registryReviews.id, input.reviewId), ownedBy(registryReviews, actor)))
      .for('update');
    if (!r) throw new DomainError('NOT_FOUND');
    if (r.status !== 'open') throw new DomainError('CONFLICT', 'reviewClosed');
    // The SPID the review is about: one the registry answered that another of our members holds, or its candidate.
    const spid = r.spid ?? r.candidateSpid;
    // One SPID per member in the deployment: a second local record of that person is settled locally first.
    if (input.decision === 'link' && spid && (await spidHeldByAnother(tx, spid, r.memberId)))
      throw new DomainError('CONFLICT', 'spidHeldByOther');
    const status = DECIDED[input.decision];
    await tx
      .update(registryReviews)
      .set({ status, resolvedAt: sql`now()`, resolvedBy: actor.id })
      .where(eq(registryReviews.id, r.id));
    const decision: ReviewDecision | undefined =
      input.decision === 'correct'
        ? undefined
        : { reviewId: r.id, kind: input.decision === 'link' ? 'same' : 'distinct', referenceId: r.referenceId, spid };
    await resendAsNewVersion(tx, actor, r.memberId, 'member.registry_resend', decision);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: `registry_review.${input.decision}`,
      entityType: 'member',
      entityId: r.memberId,
      after: { reviewId: r.id, spid },
    });
    return { status };
  });
}

async function spidHeldByAnother(tx: Db, spid: string, memberId: string): Promise<boolean> {
  const [held] = await tx
    .select({ id: memberRegistry.memberId })
    .from(memberRegistry)
    .where(and(eq(memberRegistry.spid, spid), ne(memberRegistry.memberId, memberId)));
  return Boolean(held);
}

export type VerifyResult =
  { status: 'verified'; match: KhmerIdMatch; xRoadId: string; verifiedAt: string } | CamdxFailure;

/** Checks the member's Khmer ID with the Ministry of Interior and records the answer with its X-Road-Id. */
export async function verifyMemberKhmerId(
  actor: OperatorUser,
  input: { memberId: string },
  client: Camdx | null = camdx(),
): Promise<VerifyResult> {
  const m = await ownMember(db(), actor, input.memberId);
  if (!m.khmerId) throw new DomainError('INVALID', 'noKhmerId');
  if (!m.birthDate) throw new DomainError('INVALID', 'noBirthDate');
  if (!client) return { status: 'notConfigured' };
  try {
    const v = await client.verifyKhmerId(
      {
        idNumber: m.khmerId,
        birthDate: m.birthDate,
        sex: m.sex === 'F' ? 'F' : 'M',
        name: {
          surnameKm: m.surnameKm,
          givenNameKm: m.givenNameKm,
          surnameLatin: m.surnameLatin,
          givenNameLatin: m.givenNameLatin,
        },
      },
      { userId: actor.id },
    );
    return db().transaction(async (tx) => {
      const [row] = await tx
        .insert(identityVerifications)
        .values({
          memberId: m.id,
          operatorId: actor.operatorId,
          match: v.match,
          xRoadId: v.meta.xRoadId,
          verifiedBy: actor.id,
        })
        .returning();
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'member.khmer_id_verified',
        entityType: 'member',
        entityId: m.id,
        after: { match: v.match, xRoadId: v.meta.xRoadId },
      });
      return {
        status: 'verified' as const,
        match: v.match,
        xRoadId: v.meta.xRoadId,
        verifiedAt: row!.verifiedAt.toISOString(),
      };
    });
  } catch (e) {
    return camdxFailure(e);
  }
}
