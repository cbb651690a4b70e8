import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { members, registryOutbox } from '@/db/schema';
import { recordExit } from '@/lib/records/lifecycle';
import { requireRole } from '@/lib/auth/guards';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree } from './helpers/households';

describe('changing a member queues its new version for the registry, in the same transaction', () => {
  let officer: string;
  beforeAll(async () => {
    await ensureUnits();
    const op = await makeOperator();
    officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
  });

  it('an exit writes an outbox row for the new version; a refused one writes none', async () => {
    await signInAs(officer);
    const res = await enrolHouseholdAction(householdOfThree());
    if (!res.ok || res.data.status !== 'saved') throw new Error(JSON.stringify(res));
    const [child] = await db().select().from(members)
      .where(and(eq(members.householdId, res.data.householdId), eq(members.relationship, 'child')));
    const actor = await requireRole('enrolment');
    await expect(recordExit(actor, { memberId: child!.id, exitDate: '1900-01-01', reason: 'x' })).rejects.toThrow();
    expect(await db().select().from(registryOutbox).where(eq(registryOutbox.memberId, child!.id))).toHaveLength(1);
    await recordExit(actor, { memberId: child!.id, exitDate: '2025-06-01', reason: 'Moved to Thailand for work' });
    const rows = await db().select().from(registryOutbox).where(eq(registryOutbox.memberId, child!.id));
    expect(rows.map((r) => r.memberVersion).sort()).toEqual([1, 2]);
  });
});
