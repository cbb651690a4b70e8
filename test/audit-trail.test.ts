import { beforeAll, describe, expect, it } from 'vitest';
import { updateUserAction } from '@/app/(app)/admin/users/actions';
import { db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { listAudit, auditFilterSchema } from '@/lib/audit/query';
import { requireRole } from '@/lib/auth/guards';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

describe("an operator's audit trail", () => {
  let opA: string;
  let adminId: string;
  let viewerId: string;
  let targetId: string;

  beforeAll(async () => {
    opA = (await makeOperator()).id;
    const opB = (await makeOperator()).id;
    adminId = (await makeUser({ operatorId: opA, roles: ['operator_admin'] })).id;
    viewerId = (await makeUser({ operatorId: opA, roles: ['viewer'] })).id;
    targetId = (await makeUser({ operatorId: opA, roles: ['viewer'] })).id;
    await signInAs(adminId);
    await updateUserAction({ userId: targetId, name: 'First', roles: ['viewer'] });
    await updateUserAction({ userId: targetId, name: 'Second', roles: ['viewer'] });
    await db()
      .insert(auditLog)
      .values({ operatorId: opB, actorId: null, action: 'user.update', entityType: 'user', entityId: 'other-op' });
    await db()
      .insert(auditLog)
      .values({
        operatorId: opA,
        actorId: null,
        action: 'old.event',
        entityType: 'x',
        entityId: 'y',
        at: new Date('2026-01-15T10:00:00+07:00'),
      });
  });

  it('shows who did what, when, to which record, with before and after — to a viewer too', async () => {
    await signInAs(viewerId);
    const viewer = await requireRole('audit');
    const { rows } = await listAudit(viewer, auditFilterSchema.parse({ action: 'user.update' }));
    expect(rows.map((r) => r.after)).toEqual([{ name: 'Second' }, { name: 'First' }]);
    expect(rows[0]).toMatchObject({
      actorId: adminId,
      entityType: 'user',
      entityId: targetId,
      before: { name: 'First' },
    });
    expect(rows.some((r) => r.entityId === 'other-op')).toBe(false);
  });

  it('filters by user and by date; a malformed filter is ignored, not an error', async () => {
    await signInAs(viewerId);
    const viewer = await requireRole('audit');
    const byActor = await listAudit(viewer, auditFilterSchema.parse({ actor: adminId }));
    expect(byActor.rows.every((r) => r.actorId === adminId)).toBe(true);
    expect(byActor.rows.length).toBeGreaterThanOrEqual(2);
    const january = await listAudit(viewer, auditFilterSchema.parse({ from: '2026-01-15', to: '2026-01-15' }));
    expect(january.rows.map((r) => r.action)).toEqual(['old.event']);
    const junk = auditFilterSchema.parse({ actor: "'; drop table users; --", from: '2023-02-30x', before: '-5' });
    expect(junk).toEqual({ actor: undefined, action: undefined, from: undefined, to: undefined, before: undefined });
  });

  it('pages with a keyset cursor', async () => {
    await signInAs(viewerId);
    const viewer = await requireRole('audit');
    for (let i = 0; i < 60; i++) {
      await db()
        .insert(auditLog)
        .values({ operatorId: opA, actorId: adminId, action: 'bulk.event', entityType: 'x', entityId: String(i) });
    }
    const first = await listAudit(viewer, auditFilterSchema.parse({ action: 'bulk.event' }));
    expect(first.rows).toHaveLength(50);
    const second = await listAudit(
      viewer,
      auditFilterSchema.parse({ action: 'bulk.event', before: String(first.nextBefore) }),
    );
    expect(second.rows).toHaveLength(10);
    expect(second.nextBefore).toBeNull();
    expect(new Set([...first.rows, ...second.rows].map((r) => r.entityId)).size).toBe(60);
  });
});
