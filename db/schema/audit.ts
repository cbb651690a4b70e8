import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
