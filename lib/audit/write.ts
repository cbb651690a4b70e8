import 'server-only';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { requestId } from '@/lib/request';

export interface AuditEntry {
  operatorId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Call with the transaction of the change itself, so the change and its audit row commit together. */
export async function writeAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    ...entry,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: await requestId(),
  });
}

/**
 * Several entries of one change in one statement (an enrolment's household and members): fewer round
 * trips inside a transaction that holds a lock until it commits.
 */
export async function writeAudits(tx: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const id = await requestId();
  await tx
    .insert(auditLog)
    .values(entries.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null, requestId: id })));
}

/** Only the fields that differ, so the trail shows what changed. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
