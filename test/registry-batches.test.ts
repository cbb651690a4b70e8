import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { setOperatorRepresentedPartyAction } from '@/app/(app)/admin/operators/actions';
import { db } from '@/db/client';
import { auditLog, operators, registryReviews } from '@/db/schema';
import { recheckReviews } from '@/lib/registry/recheck';
import { claimBatches } from '@/lib/registry/worker';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { expireLeases, outboxOf, registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

const ref = registryPeer();
let platformAdmin: string;

beforeAll(async () => {
  await ensureUnits();
  platformAdmin = (await makeUser({ isPlatformAdmin: true })).id;
});

type Body = { message: { enrolled_updates: { beneficiaries: { reference_id: string }[] } } };
function updatesSince(before: number) {
  return ref.peer.requests
    .slice(before)
    .filter((r) => r.url.endsWith('/enrollment/updates'))
    .map((r) => ({
      userId: r.headers['x-road-userid'],
      party: r.headers['x-road-represented-party'],
      refs: (JSON.parse(r.body) as Body).message.enrolled_updates.beneficiaries.map(
        (b) => b.reference_id.split('.')[0]!,
      ),
    }));
}

describe('one operator and one staff user per message', () => {
  it("sends each operator's batches with its represented party and the user who made the change (the system id for old rows)", async () => {
    const [pwdf, vets] = [await makeOperator(), await makeOperator()];
    const [u1, u2] = [
      (await makeUser({ operatorId: pwdf.id, roles: ['enrolment_officer'] })).id,
      (await makeUser({ operatorId: pwdf.id, roles: ['enrolment_officer'] })).id,
    ];
    await signInAs(platformAdmin);
    expect(
      await setOperatorRepresentedPartyAction({ operatorId: pwdf.id, camdxRepresentedParty: ' NGO/PWDF ' }),
    ).toEqual({ ok: true, data: { camdxRepresentedParty: 'NGO/PWDF' } });
    // Interleaved in the outbox: a batch must still never mix operators or users.
    const groups = [
      { ids: await seedMembers(pwdf.id, 3, { causedBy: u1 }), userId: `KH${u1}`, party: 'NGO/PWDF' },
      { ids: await seedMembers(vets.id, 2), userId: 'KHsdp-worker', party: undefined },
      { ids: await seedMembers(pwdf.id, 2, { causedBy: u2 }), userId: `KH${u2}`, party: 'NGO/PWDF' },
    ];
    const more = await seedMembers(pwdf.id, 2, { causedBy: u1 });
    groups[0]!.ids.push(...more);
    const before = ref.peer.requests.length;
    await worker(ref.client(), { batchSize: 100 }).drain();
    const sent = updatesSince(before);
    for (const g of groups) {
      const carrying = sent.filter((s) => s.refs.some((id) => g.ids.includes(id)));
      expect(carrying).toHaveLength(1);
      expect(carrying[0]).toEqual({ userId: g.userId, party: g.party, refs: g.ids });
      for (const id of g.ids) expect(await registryOf(id)).toMatchObject({ state: 'has_spid' });
    }
  });

  it('claims the oldest row’s (operator, user) and keeps its batch full; a retry is the same message', async () => {
    const op = await makeOperator();
    const u = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
    const a = await seedMembers(op.id, 2, { causedBy: u });
    const b = await seedMembers(op.id, 2);
    const c = await seedMembers(op.id, 2, { causedBy: u });
    const first = await claimBatches('w-groups', 10, 30_000);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ operatorId: op.id, causedBy: u });
    expect(first[0]!.rows.map((r) => r.memberId)).toEqual([...a, ...c]);
    const second = await claimBatches('w-groups', 10, 30_000);
    expect(second.map((x) => [x.causedBy, x.rows.map((r) => r.memberId)])).toEqual([[null, b]]);
    // Abandoned by their worker (a crash): claimed again, each batch goes as the message it was.
    await expireLeases();
    const before = ref.peer.requests.length;
    await worker(ref.client()).drain();
    const xRoadIds = ref.peer.requests
      .slice(before)
      .filter((r) => r.url.endsWith('/enrollment/updates'))
      .map((r) => r.headers['x-road-id']);
    expect(xRoadIds.sort()).toEqual([first[0]!.xRoadId, second[0]!.xRoadId].sort());
    for (const id of [...a, ...b, ...c]) expect((await outboxOf(id))[0]).toMatchObject({ status: 'done' });
  });
});

describe('re-checking held records', () => {
  it("asks per operator, with that operator's represented party", async () => {
    const op = await makeOperator();
    await db().update(operators).set({ camdxRepresentedParty: 'NGO/RCK' }).where(eq(operators.id, op.id));
    const [id] = await seedMembers(op.id, 1);
    await worker(ref.client()).drain();
    // As if the registry had held it: a review still open, whose record the registry has since settled.
    const [review] = await db()
      .insert(registryReviews)
      .values({ memberId: id!, operatorId: op.id, referenceId: `${id}.v1`, reasonCode: 'pdng.dedup.review' })
      .returning();
    const before = ref.peer.requests.length;
    expect(await recheckReviews(ref.client(), 'sdp-worker')).toBeGreaterThanOrEqual(1);
    const asked = ref.peer.requests
      .slice(before)
      .filter((r) => r.url.endsWith('/txn/status') && r.body.includes(`${id}.v1`));
    expect(asked.map((r) => r.headers['x-road-represented-party'])).toEqual(['NGO/RCK']);
    const [closed] = await db().select().from(registryReviews).where(eq(registryReviews.id, review!.id));
    expect(closed).toMatchObject({ status: 'linked', spid: (await registryOf(id!))!.spid });
  });
});

describe('the operator’s represented party (platform administrator)', () => {
  it('follows X-Road’s identifier rules, is audited, and can be cleared', async () => {
    const op = await makeOperator();
    await signInAs(platformAdmin);
    expect(
      await setOperatorRepresentedPartyAction({ operatorId: op.id, camdxRepresentedParty: 'GOV/MOSVY/X' }),
    ).toMatchObject({ ok: false, code: 'INVALID', fieldErrors: { camdxRepresentedParty: ['representedParty'] } });
    // '_' passes the shape check but not X-Road's strict identifier rule (CAMDX_STRICT_IDENTIFIERS).
    expect(
      await setOperatorRepresentedPartyAction({ operatorId: op.id, camdxRepresentedParty: 'NGO/PWD_F' }),
    ).toMatchObject({ ok: false, code: 'INVALID', fieldErrors: { camdxRepresentedParty: ['representedParty'] } });
    expect(await setOperatorRepresentedPartyAction({ operatorId: op.id, camdxRepresentedParty: 'PWDF' })).toEqual({
      ok: true,
      data: { camdxRepresentedParty: 'PWDF' },
    });
    expect(await setOperatorRepresentedPartyAction({ operatorId: op.id, camdxRepresentedParty: '' })).toEqual({
      ok: true,
      data: { camdxRepresentedParty: null },
    });
    const [row] = await db().select().from(operators).where(eq(operators.id, op.id));
    expect(row!.camdxRepresentedParty).toBeNull();
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, op.id)).orderBy(auditLog.id);
    expect(audit.map((x) => [x.action, x.actorId, x.after])).toEqual([
      ['operator.camdx_represented_party', platformAdmin, { camdxRepresentedParty: 'PWDF' }],
      ['operator.camdx_represented_party', platformAdmin, { camdxRepresentedParty: null }],
    ]);
  });
});
