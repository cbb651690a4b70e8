import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { REGISTRY_STATES, type RegistryState } from '@/lib/registry/states';
import { operators, users } from './accounts';
import { members } from './households';
import { inList } from './in-list';

// A member's sync state as staff see it lives in lib/registry/states.ts; the schema re-exports it.
export { REGISTRY_STATES, type RegistryState } from '@/lib/registry/states';
// acked: the registry acknowledged the message; the row waits for its result (txn/status, on a backoff).
export const OUTBOX_STATUSES = ['pending', 'in_flight', 'acked', 'done', 'failed'] as const;
export const KHMER_ID_MATCHES = ['full', 'partial', 'none'] as const;
export const REVIEW_STATUSES = ['open', 'linked', 'dismissed', 'corrected'] as const;

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Staff's answer to a registry review, carried by the member version that tells the registry (see README). */
export interface ReviewDecision {
  reviewId: string;
  /** same: the member is the person `spid`; distinct: a different person than `spid`. */
  kind: 'same' | 'distinct';
  /** The reference_id the registry held (pdng) or answered with a shared SPID. */
  referenceId: string;
  spid: string | null;
}

export const memberRegistry = pgTable(
  'member_registry',
  {
    memberId: uuid('member_id')
      .primaryKey()
      .references(() => members.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    /** The registry's Social Protection ID: one per member, unique in the deployment. */
    spid: text('spid'),
    state: text('state').$type<RegistryState>().notNull().default('not_sent'),
    lastError: text('last_error'),
    lastReasonCode: text('last_reason_code'),
    /** The registry's words for a rejection; may name a person, so shown to staff and never logged. */
    lastReasonMessage: text('last_reason_message'),
    attempts: integer('attempts').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('member_registry_spid_uq').on(t.spid),
    index('member_registry_operator_state_idx').on(t.operatorId, t.state),
    check('member_registry_state_ck', sql`${t.state} IN (${inList(REGISTRY_STATES)})`),
    // Never "has a SPID" without one: a registry answer without the SPID waits until it is looked up.
    check('member_registry_has_spid_ck', sql`${t.state} <> 'has_spid' OR ${t.spid} IS NOT NULL`),
  ],
);

/**
 * Transactional outbox: one row per member record version to push, written in the transaction
 * that created or changed the member, so no change is ever lost.
 */
export const registryOutbox = pgTable(
  'registry_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    memberVersion: integer('member_version').notNull(),
    /**
     * `{member id}.v{version}` (`.b{transaction id}` appended for a benefit change, lib/registry/benefits.ts):
     * the registry's idempotency key, so a resend never makes a second SPID.
     */
    referenceId: text('reference_id').notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker's lease: an in_flight row whose lease ran out was abandoned (crash) and is claimable again. */
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    /** The X-Road-Id (and DCI message_id) of the batch that carried it: a retry sends the same message. */
    xRoadId: text('x_road_id'),
    batchId: text('batch_id'),
    /** The staff user whose change this is (X-Road-UserId); NULL for rows from before it was recorded. */
    causedBy: uuid('caused_by').references(() => users.id),
    /** A review decision this version tells the registry (link / dismiss). */
    reviewDecision: jsonb('review_decision').$type<ReviewDecision>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** When the registry acknowledged the message: from then on the row's result is asked for, not sent again. */
    ackedAt: timestamp('acked_at', { withTimezone: true }),
    /** How many times the result was asked for (txn/status): the backoff between asks grows with it. */
    polls: integer('polls').notNull().default(0),
  },
  (t) => [
    uniqueIndex('registry_outbox_reference_uq').on(t.referenceId),
    // Claiming: due rows in id order; the per-member index finds an older unfinished change of the member.
    index('registry_outbox_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} IN ('pending', 'in_flight', 'acked')`),
    index('registry_outbox_member_idx').on(t.memberId, t.id),
    index('registry_outbox_operator_status_idx').on(t.operatorId, t.status),
    check('registry_outbox_status_ck', sql`${t.status} IN (${inList(OUTBOX_STATUSES)})`),
  ],
);

/** Khmer ID checks against the Ministry of Interior: the answer, when, by whom, and the X-Road evidence. */
export const identityVerifications = pgTable(
  'identity_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    match: text('match').notNull(),
    xRoadId: text('x_road_id').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
    verifiedBy: uuid('verified_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    index('identity_verifications_member_idx').on(t.memberId, t.verifiedAt),
    check('identity_verifications_match_ck', sql`${t.match} IN (${inList(KHMER_ID_MATCHES)})`),
  ],
);

/** Members the registry held as possible duplicates of a person it already knows; staff decide. */
export const registryReviews = pgTable(
  'registry_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => operators.id),
    referenceId: text('reference_id').notNull(),
    reasonCode: text('reason_code'),
    /** For a held record (pdng): the SPID of the person the registry thinks it may be. */
    candidateSpid: text('candidate_spid'),
    /** The SPID the registry settled on, once it did. */
    spid: text('spid'),
    status: text('status').$type<ReviewStatus>().notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('registry_reviews_reference_uq').on(t.referenceId),
    index('registry_reviews_operator_status_idx').on(t.operatorId, t.status, t.createdAt),
    check('registry_reviews_status_ck', sql`${t.status} IN (${inList(REVIEW_STATUSES)})`),
  ],
);

export type MemberRegistryRow = typeof memberRegistry.$inferSelect;
export type OutboxRow = typeof registryOutbox.$inferSelect;
