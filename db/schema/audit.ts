import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { operators, users } from './accounts';

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE.
 * Rows are written in the same transaction as the change they describe.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // NULL for platform-level events (operators, platform administrators).
    operatorId: uuid('operator_id').references(() => operators.id),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_operator_at_idx').on(t.operatorId, t.id),
    index('audit_operator_actor_idx').on(t.operatorId, t.actorId, t.id),
    index('audit_operator_action_idx').on(t.operatorId, t.action, t.id),
    index('audit_entity_idx').on(t.entityType, t.entityId),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * The audit trail's hash chain (migration 0028, lib/audit/chain.ts). Each seal covers the audit rows
 * with ids after the previous seal's `uptoId` up to its own: `rowsDigest` is the SHA-256 of those rows'
 * canonical text, `digest` chains it to the previous seal's. Written only by `sdp_audit_seal()` (the
 * app's role may read, not write), and append-only like the trail.
 */
export const auditSeals = pgTable('audit_seals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  uptoId: bigint('upto_id', { mode: 'number' }).notNull().unique(),
  rowCount: integer('row_count').notNull(),
  rowsDigest: text('rows_digest').notNull(),
  digest: text('digest').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The highest audit id that no transaction can still add below: read by `sdp_audit_mark_tip()` while it
 * briefly holds a lock that waits for every transaction writing to the trail. A seal never goes past it,
 * so a row committed late is never left out of a seal that covers its id. One row.
 */
export const auditSealTip = pgTable(
  'audit_seal_tip',
  {
    one: boolean('one').primaryKey().default(true),
    uptoId: bigint('upto_id', { mode: 'number' }).notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('audit_seal_tip_one', sql`${t.one}`)],
);
