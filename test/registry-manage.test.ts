import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveReviewAction, retrySyncAction, verifyKhmerIdAction } from '@/app/(app)/registry-sync/actions';
import { db } from '@/db/client';
import { auditLog, identityVerifications, members, registryReviews } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { testConnection } from '@/lib/registry/connection';
import { verifyMemberKhmerId } from '@/lib/registry/manage';
import { syncDashboard } from '@/lib/registry/queries';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { outboxOf, registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

const ref = registryPeer();
let operatorId: string;
let actor: OperatorUser;

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  operatorId = op.id;
  const u = await makeUser({ operatorId, roles: ['enrolment_officer'] });
  actor = {
    id: u.id,
    sessionId: 's',
    operatorId,
    email: 'x@example.org',
    name: 'Officer',
    roles: ['enrolment_officer'],
    locale: null,
    mustChangePassword: false,
    operatorCode: op.code,
    isPlatformAdmin: false,
  };
});

describe('administering the sync', () => {
  it('a member out of attempts needs attention, shows on the dashboard, and is retried as the same message', async () => {
    const [id] = await seedMembers(operatorId, 1);
    ref.peer.faults.set([{ kind: 'http-error', status: 503 }]);
    await worker(ref.client(), { maxAttempts: 2 }).drain();
    expect(await registryOf(id!)).toMatchObject({
      state: 'needs_attention',
      lastError: 'provider:err.service.unavailable',
    });
    const d = await syncDashboard(actor);
    expect(d.counts.needs_attention).toBe(1);
    expect(d.problems[0]).toMatchObject({ memberId: id, state: 'needs_attention', attempts: 2 });
    const xRoadId = (await outboxOf(id!))[0]!.xRoadId;

    ref.peer.faults.set([]);
    await signInAs(actor.id);
    expect(await retrySyncAction({ memberId: id })).toEqual({ ok: true, data: { retried: 1 } });
    expect(await registryOf(id!)).toMatchObject({ state: 'queued', attempts: 0 });
    await worker(ref.client()).drain();
    expect(await registryOf(id!)).toMatchObject({ state: 'has_spid' });
    // The same message (X-Road-Id) as the failed attempts; the answered row lets it go.
    const updates = ref.peer.requests.filter((r) => r.url.endsWith('/enrollment/updates'));
    expect(updates.at(-1)!.headers['x-road-id']).toBe(xRoadId);
    expect(await outboxOf(id!)).toEqual([expect.objectContaining({ status: 'done', xRoadId: null })]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id!), eq(auditLog.action, 'member.registry_retry')));
    expect(audit).toHaveLength(1);
    expect(await retrySyncAction({ memberId: id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      messageKey: 'nothingToRetry',
    });
  });

  it('a review corrected by staff is closed and the member is sent again as a new version', async () => {
    const [id] = await seedMembers(operatorId, 1);
    const [r] = await db()
      .insert(registryReviews)
      .values({ memberId: id!, operatorId, referenceId: `${id}.v1`, reasonCode: 'pdng.dedup.review' })
      .returning();
    await signInAs(actor.id);
    expect(await resolveReviewAction({ reviewId: r!.id, decision: 'correct' })).toEqual({
      ok: true,
      data: { status: 'corrected' },
    });
    expect((await outboxOf(id!)).map((o) => o.referenceId)).toEqual([`${id}.v1`, `${id}.v2`]);
    const [m] = await db().select().from(members).where(eq(members.id, id!));
    expect(m!.version).toBe(2);
    expect(await resolveReviewAction({ reviewId: r!.id, decision: 'dismiss' })).toMatchObject({
      ok: false,
      messageKey: 'reviewClosed',
    });
    await worker(ref.client()).drain();
    expect(await registryOf(id!)).toMatchObject({ state: 'has_spid' });
  });

  it('verifies a Khmer ID: full, partial and no match, recorded with time and X-Road-Id', async () => {
    const [full, partial, none] = await Promise.all([
      seedMembers(operatorId, 1, { khmerId: '100000001' }),
      seedMembers(operatorId, 1, { khmerId: '100000002' }),
      seedMembers(operatorId, 1, { khmerId: '999999999' }),
    ]);
    await db()
      .update(members)
      .set({ surnameKm: 'សុខ', givenNameKm: 'ដារា', sex: 'F', birthDate: '1985-03-12' })
      .where(eq(members.id, full![0]!));
    await db()
      .update(members)
      .set({ surnameKm: 'ចាន់', givenNameKm: 'សុភា', sex: 'F', birthDate: '1991-01-01' })
      .where(eq(members.id, partial![0]!));
    const client = ref.client();
    const a = await verifyMemberKhmerId(actor, { memberId: full![0]! }, client);
    const b = await verifyMemberKhmerId(actor, { memberId: partial![0]! }, client);
    const c = await verifyMemberKhmerId(actor, { memberId: none![0]! }, client);
    expect([a, b, c].map((v) => (v.status === 'verified' ? v.match : v.status))).toEqual(['full', 'partial', 'none']);
    const rows = await db().select().from(identityVerifications).where(eq(identityVerifications.memberId, full![0]!));
    expect(rows).toEqual([
      expect.objectContaining({
        match: 'full',
        xRoadId: a.status === 'verified' ? a.xRoadId : '',
        verifiedBy: actor.id,
      }),
    ]);
    // Without CamDX configured (as in tests), the action answers so rather than failing.
    await signInAs(actor.id);
    expect(await verifyKhmerIdAction({ memberId: full![0]! })).toEqual({ ok: true, data: { status: 'notConfigured' } });
  });

  it('tests the connection: the allowed methods, or the precise error', async () => {
    const ok = await testConnection(ref.client());
    expect(ok).toMatchObject({ status: 'ok', xRoadId: expect.any(String) });
    expect(ok.status === 'ok' && ok.services.length).toBeGreaterThan(0);
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.AccessDenied' }]);
    expect(await testConnection(ref.client())).toMatchObject({
      status: 'failed',
      kind: 'xroad',
      code: 'Server.ServerProxy.AccessDenied',
    });
    expect(await testConnection(null)).toEqual({ status: 'notConfigured' });
  });
});
