import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { ownerDb } from './helpers/owner';

describe('audit table', () => {
  it('accepts inserts and refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await writeAudit(db(), {
      operatorId: null,
      actorId: null,
      action: 'test.insert',
      entityType: 'test',
      entityId: '1',
      after: { a: 1 },
    });
    const [row] = await db().select().from(auditLog).where(eq(auditLog.action, 'test.insert'));
    expect(row?.after).toEqual({ a: 1 });
    expect(row?.requestId).toBeTruthy();

    await expect(db().update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(db().delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(db().execute(sql`truncate audit_log`)).rejects.toThrow();

    const [still] = await db().select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still?.action).toBe('test.insert');
  });

  it("refuses them even to the table's owner while its triggers are on", async () => {
    // On PostgreSQL the app role's attempts above stop at its privileges (test/database-roles.test.ts);
    // the triggers are the rule for everyone else, the owner included (on PGlite, owner and app are one).
    await writeAudit(db(), {
      operatorId: null,
      actorId: null,
      action: 'test.owner',
      entityType: 'test',
      entityId: '3',
    });
    const [row] = await db().select().from(auditLog).where(eq(auditLog.action, 'test.owner'));
    const owner = ownerDb();
    await expect(owner.update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(owner.delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(owner.execute(sql`truncate audit_log`)).rejects.toThrow();
    const [still] = await db().select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still?.action).toBe('test.owner');
  });

  it('rolls the audit row back with the change when the transaction fails', async () => {
    await expect(
      db().transaction(async (tx) => {
        await writeAudit(tx, {
          operatorId: null,
          actorId: null,
          action: 'test.rolled_back',
          entityType: 'test',
          entityId: '2',
        });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const rows = await db().select().from(auditLog).where(eq(auditLog.action, 'test.rolled_back'));
    expect(rows).toHaveLength(0);
  });
});
