import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, programmes } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { requireRole } from '@/lib/auth/guards';
import { DomainError } from '@/lib/errors';
import type { ProgrammeInput } from '@/lib/programmes/schemas';
import {
  createProgramme,
  getProgramme,
  listProgrammes,
  setProgrammeStatus,
  updateProgramme,
} from '@/lib/programmes/service';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

async function actorOf(roles: ['operator_admin']): Promise<OperatorUser> {
  const op = await makeOperator();
  const user = await makeUser({ operatorId: op.id, roles });
  await signInAs(user.id);
  return requireRole('households');
}

const rules = (currency: 'KHR' | 'USD' = 'KHR') => ({
  currency,
  eligibility: { idpoorLevels: [1, 2] },
  household: [{ when: { setting: 'rural' }, amount: 40_000 }],
  members: [{ when: { maxAge: 5 }, amount: 20_000 }],
});

const form = (over: Partial<ProgrammeInput> = {}): ProgrammeInput => ({
  code: 'cct-1',
  nameKm: 'កម្មវិធីឧបត្ថម្ភសាច់ប្រាក់',
  nameEn: 'Cash transfer',
  description: '',
  benefitType: 'cash',
  currency: 'KHR',
  frequency: 'monthly',
  startDate: '2027-01-01',
  endDate: '',
  rules: rules(),
  ...over,
});

/** The DomainError a call throws (fails the test when it does not throw one). */
async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function auditActions(id: string) {
  const rows = await db().select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id);
  return rows;
}

describe('programmes', () => {
  let A: OperatorUser;
  let B: OperatorUser;

  beforeAll(async () => {
    A = await actorOf(['operator_admin']);
    B = await actorOf(['operator_admin']);
  });

  it('creates, lists, gets, updates and moves a programme through its statuses, each with its audit row', async () => {
    const { id, version } = await createProgramme(A, form());
    expect(version).toBe(1);
    const p = await getProgramme(A, id);
    expect(p).toMatchObject({
      operatorId: A.operatorId,
      code: 'CCT-1',
      description: null,
      endDate: null,
      status: 'draft',
      version: 1,
      createdBy: A.id,
    });
    expect(p.rules).toEqual(rules());
    expect((await listProgrammes(A)).map((x) => x.id)).toEqual([id]);
    let audit = await auditActions(id);
    expect(audit.map((a) => a.action)).toEqual(['programme.create']);
    expect(audit[0]).toMatchObject({ operatorId: A.operatorId, actorId: A.id, entityType: 'programme' });

    const saved = await updateProgramme(A, { ...form({ nameEn: 'Cash transfer for families' }), id, version: 1 });
    expect(saved).toEqual({ version: 2 });
    audit = await auditActions(id);
    expect(audit.at(-1)).toMatchObject({
      action: 'programme.update',
      before: { nameEn: 'Cash transfer' },
      after: { nameEn: 'Cash transfer for families' },
    });
    // The same values again: nothing saved, no bump, no audit row.
    expect(await updateProgramme(A, { ...form({ nameEn: 'Cash transfer for families' }), id, version: 2 })).toEqual({
      version: 2,
    });
    expect(await auditActions(id)).toHaveLength(2);

    expect(await setProgrammeStatus(A, { id, version: 2, status: 'active' })).toEqual({ version: 3 });
    expect(await setProgrammeStatus(A, { id, version: 3, status: 'closed' })).toEqual({ version: 4 });
    audit = await auditActions(id);
    expect(audit.slice(-2).map((a) => [a.action, a.before, a.after])).toEqual([
      ['programme.status', { status: 'draft' }, { status: 'active' }],
      ['programme.status', { status: 'active' }, { status: 'closed' }],
    ]);
    expect((await getProgramme(A, id)).status).toBe('closed');
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const { id } = await createProgramme(A, form({ code: 'STALE' }));
    await updateProgramme(A, { ...form({ code: 'STALE', nameEn: 'First' }), id, version: 1 });
    const e = await refusal(updateProgramme(A, { ...form({ code: 'STALE', nameEn: 'Second' }), id, version: 1 }));
    expect(e.code).toBe('CONFLICT');
    expect((await getProgramme(A, id)).nameEn).toBe('First');
    expect((await refusal(setProgrammeStatus(A, { id, version: 1, status: 'active' }))).code).toBe('CONFLICT');
    expect((await auditActions(id)).map((a) => a.action)).toEqual(['programme.create', 'programme.update']);
  });

  it('moves draft → active → closed only', async () => {
    const { id } = await createProgramme(A, form({ code: 'MOVES' }));
    let e = await refusal(setProgrammeStatus(A, { id, version: 1, status: 'closed' }));
    expect(e).toMatchObject({ code: 'CONFLICT', messageKey: 'programmeStatusMove' });
    await setProgrammeStatus(A, { id, version: 1, status: 'active' });
    e = await refusal(setProgrammeStatus(A, { id, version: 2, status: 'draft' }));
    expect(e.fieldErrors).toEqual({ status: ['programmeStatusMove'] });
    await setProgrammeStatus(A, { id, version: 2, status: 'closed' });
    for (const status of ['draft', 'active'] as const) {
      e = await refusal(setProgrammeStatus(A, { id, version: 3, status }));
      expect(e.messageKey).toBe('programmeStatusMove');
    }
    expect((await refusal(setProgrammeStatus(A, { id, version: 3, status: 'paused' }))).fieldErrors).toEqual({
      status: ['invalid'],
    });
    const [row] = await db().select().from(programmes).where(eq(programmes.id, id));
    expect(row).toMatchObject({ status: 'closed', version: 3 });
  });

  it('keeps the rules, currency and other payment fields fixed while active; a closed programme is fixed', async () => {
    const { id } = await createProgramme(A, form({ code: 'LIVE' }));
    await setProgrammeStatus(A, { id, version: 1, status: 'active' });
    const e = await refusal(
      updateProgramme(A, { ...form({ code: 'LIVE', currency: 'USD', rules: rules('USD') }), id, version: 2 }),
    );
    expect(e).toMatchObject({
      code: 'CONFLICT',
      messageKey: 'programmeActiveFixed',
      fieldErrors: { currency: ['programmeActiveFixed'], rules: ['programmeActiveFixed'] },
    });
    // Names, description and end date may still change.
    const ok = await updateProgramme(A, {
      ...form({ code: 'LIVE', nameEn: 'Renamed', description: 'Phase 2', endDate: '2028-12-31' }),
      id,
      version: 2,
    });
    expect(ok).toEqual({ version: 3 });
    await setProgrammeStatus(A, { id, version: 3, status: 'closed' });
    const closed = await refusal(
      updateProgramme(A, {
        ...form({ code: 'LIVE', nameEn: 'Again', description: 'Phase 2', endDate: '2028-12-31' }),
        id,
        version: 4,
      }),
    );
    expect(closed).toMatchObject({ code: 'CONFLICT', messageKey: 'programmeClosed' });
  });

  it('refuses a duplicate code within an operator but allows it in another', async () => {
    await createProgramme(A, form({ code: 'DUP' }));
    const e = await refusal(createProgramme(A, form({ code: 'dup' })));
    expect(e).toMatchObject({ code: 'CONFLICT', fieldErrors: { code: ['programmeCodeTaken'] } });
    const other = await createProgramme(A, form({ code: 'DUP2' }));
    const renamed = await refusal(updateProgramme(A, { ...form({ code: 'DUP' }), id: other.id, version: 1 }));
    expect(renamed.fieldErrors).toEqual({ code: ['programmeCodeTaken'] });
    await expect(createProgramme(B, form({ code: 'DUP' }))).resolves.toMatchObject({ version: 1 });
  });

  it('refuses rules in another currency than the programme', async () => {
    const e = await refusal(createProgramme(A, form({ code: 'CUR', currency: 'USD' })));
    expect(e).toMatchObject({ code: 'INVALID', fieldErrors: { 'rules.currency': ['rulesCurrencyMismatch'] } });
  });

  it('answers bad input with field errors at the right paths and stores nothing', async () => {
    const before = (await listProgrammes(A)).length;
    const e = await refusal(
      createProgramme(
        A,
        form({
          code: 'BAD INPUT',
          nameKm: '  ',
          nameEn: '',
          benefitType: 'loan' as 'cash',
          frequency: 'weekly' as 'monthly',
          startDate: '2027-02-01',
          endDate: '2027-01-31',
          rules: { ...rules(), household: [{ when: {}, amount: -1 }] } as never,
        }),
      ),
    );
    expect(e.code).toBe('INVALID');
    expect(e.fieldErrors).toMatchObject({
      code: ['programmeCode'],
      nameKm: ['required'],
      nameEn: ['required'],
      benefitType: ['invalid'],
      frequency: ['invalid'],
      'rules.household.0.when': ['conditionEmpty'],
      'rules.household.0.amount': ['amountNegative'],
    });
    // The cross-field checks run once each field is valid on its own.
    const dates = await refusal(
      createProgramme(A, form({ code: 'DATES', startDate: '2027-02-01', endDate: '2027-01-31' })),
    );
    expect(dates.fieldErrors).toEqual({ endDate: ['endBeforeStart'] });
    const notADate = await refusal(createProgramme(A, form({ code: 'DATES', startDate: '2027-02-30' })));
    expect(notADate.fieldErrors).toEqual({ startDate: ['invalidDate'] });
    expect(await listProgrammes(A)).toHaveLength(before);
  });

  it("never lists, gets or changes another operator's programme", async () => {
    const { id } = await createProgramme(B, form({ code: 'B-ONLY' }));
    expect((await listProgrammes(A)).map((p) => p.id)).not.toContain(id);
    expect((await listProgrammes(B)).map((p) => p.id)).toContain(id);
    expect((await refusal(getProgramme(A, id))).code).toBe('NOT_FOUND');
    expect((await refusal(getProgramme(A, 'not-a-uuid'))).code).toBe('NOT_FOUND');
    expect((await refusal(updateProgramme(A, { ...form({ code: 'B-ONLY' }), id, version: 1 }))).code).toBe('NOT_FOUND');
    expect((await refusal(setProgrammeStatus(A, { id, version: 1, status: 'active' }))).code).toBe('NOT_FOUND');
    const [row] = await db().select().from(programmes).where(eq(programmes.id, id));
    expect(row).toMatchObject({ operatorId: B.operatorId, status: 'draft', version: 1 });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.operatorId, A.operatorId)));
    expect(audit).toEqual([]);
  });

  it('backs the schema with database checks: rules in another currency, an end before the start', async () => {
    const { id } = await createProgramme(A, form({ code: 'ATOMIC' }));
    // The database's own checks back the schema: rules in another currency never reach a row.
    await expect(
      db()
        .update(programmes)
        .set({ rules: rules('USD') as never })
        .where(eq(programmes.id, id)),
    ).rejects.toThrow();
    await expect(db().update(programmes).set({ endDate: '2026-01-01' }).where(eq(programmes.id, id))).rejects.toThrow();
    expect((await auditActions(id)).map((a) => a.action)).toEqual(['programme.create']);
  });
});
