import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveReviewAction } from '@/app/(app)/registry-sync/actions';
import { validSpid } from '@/camdx-peer/spid';
import { db } from '@/db/client';
import { auditLog, members, registryReviews } from '@/db/schema';
import { newMessageIdentity } from '@/lib/camdx';
import { CLIENT, ctx, member, record } from './helpers/camdx';
import { contracts, problems } from './helpers/dci-schemas';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { outboxOf, registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

const ref = registryPeer();
// Each record sent is checked against the project's contract, and the DCI spec files when present.
const beneficiaryChecks = contracts().map((c) => ({ label: c.label, validate: c.beneficiary }));
let operatorId: string;
let officerId: string;

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
  officerId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
});

type Beneficiary = {
  reference_id: string;
  member: {
    demographic_info: { identifier: { identifier_type: string; identifier_value: string }[] };
    additional_attributes: { name: string; value: string }[];
  };
};
/** The last record the registry received with this reference_id. */
function sentRecord(referenceId: string): { record: Beneficiary; headers: Record<string, unknown> } {
  for (const r of [...ref.peer.requests].reverse()) {
    if (!r.url.endsWith('/enrollment/updates')) continue;
    const body = JSON.parse(r.body) as { message: { enrolled_updates: { beneficiaries: Beneficiary[] } } };
    const found = body.message.enrolled_updates.beneficiaries.find((b) => b.reference_id === referenceId);
    if (found) return { record: found, headers: r.headers };
  }
  throw new Error(`${referenceId} was not sent`);
}
const attributes = (b: Beneficiary) => Object.fromEntries(b.member.additional_attributes.map((a) => [a.name, a.value]));

/**
 * One of our members held for review (pdng) as a look-alike of a person the registry already has:
 * `elsewhere` — someone another deployment enrolled; otherwise another member of ours.
 */
async function heldLookalike(elsewhere: boolean) {
  // Not elsewhere: our own member of the same identity, queued first, gets its SPID first.
  const [first] = elsewhere ? [] : await seedMembers(operatorId, 1);
  const [ours] = await seedMembers(operatorId, 1, { causedBy: officerId });
  const [m] = await db().select().from(members).where(eq(members.id, ours!));
  let spid: () => Promise<string>;
  if (first) {
    await db()
      .update(members)
      .set({ givenNameKm: m!.givenNameKm, nameKmKey: m!.nameKmKey, birthDate: m!.birthDate, sex: m!.sex })
      .where(eq(members.id, first));
    spid = async () => (await registryOf(first))!.spid!;
  } else {
    const other = ref.client({ client: { ...CLIENT, memberCode: 'OTHER-SDP' } });
    const twin = member({
      surnameKm: m!.surnameKm,
      givenNameKm: m!.givenNameKm,
      birthDate: m!.birthDate,
      sex: m!.sex === 'F' ? 'F' : 'M',
      khmerId: null,
    });
    const res = await other.pushEnrollmentUpdates(
      { batchId: 'elsewhere', records: [record(twin)] },
      ctx({ message: newMessageIdentity() }),
    );
    spid = async () => res.outcomes[0]!.spid!;
  }
  await worker(ref.client()).drain();
  const [review] = await db()
    .select()
    .from(registryReviews)
    .where(and(eq(registryReviews.memberId, ours!), eq(registryReviews.status, 'open')));
  return { memberId: ours!, spid: await spid(), review: review! };
}

describe('review decisions reach the registry through the outbox', () => {
  it('link: the next version claims the candidate SPID; the registry answers succ with it and settles the held record', async () => {
    const { memberId, spid, review } = await heldLookalike(true);
    expect(review).toMatchObject({
      reasonCode: 'pdng.dedup.review',
      candidateSpid: spid,
      spid: null,
      referenceId: `${memberId}.v1`,
    });
    expect(await registryOf(memberId)).toMatchObject({ state: 'awaiting_review', spid: null });

    await signInAs(officerId);
    expect(await resolveReviewAction({ reviewId: review.id, decision: 'link' })).toEqual({
      ok: true,
      data: { status: 'linked' },
    });
    // Nothing is sent from the action: a new version waits in the outbox, with the decision and who made it.
    expect((await outboxOf(memberId)).map((o) => [o.referenceId, o.status, o.causedBy, o.reviewDecision])).toEqual([
      [`${memberId}.v1`, 'done', officerId, null],
      [
        `${memberId}.v2`,
        'pending',
        officerId,
        { reviewId: review.id, kind: 'same', referenceId: `${memberId}.v1`, spid },
      ],
    ]);
    expect(await registryOf(memberId)).toMatchObject({ state: 'queued', spid: null });
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, memberId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['registry_review.link', 'member.registry_resend']),
    );

    await worker(ref.client()).drain();
    expect(await registryOf(memberId)).toMatchObject({ state: 'has_spid', spid });
    const [closed] = await db().select().from(registryReviews).where(eq(registryReviews.id, review.id));
    expect(closed).toMatchObject({ status: 'linked', spid, resolvedBy: officerId });

    const sent = sentRecord(`${memberId}.v2`);
    for (const c of beneficiaryChecks) expect(problems(c.validate, sent.record), c.label).toEqual([]);
    expect(sent.record.member.demographic_info.identifier).toContainEqual({
      identifier_type: 'SPID',
      identifier_value: spid,
    });
    expect(attributes(sent.record)).toMatchObject({
      dedup_decision: 'same_person',
      dedup_reference_id: `${memberId}.v1`,
      dedup_spid: spid,
    });
    expect(sent.headers['x-road-userid']).toBe(`KH${officerId}`);
    // The registry's current answer for the held version is the settled SPID too (what a re-check reads).
    const status = await ref.client().txnStatus([`${memberId}.v1`], ctx());
    expect(status.outcomes[0]).toMatchObject({ status: 'succ', spid });

    expect(await resolveReviewAction({ reviewId: review.id, decision: 'dismiss' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      messageKey: 'reviewClosed',
    });
  });

  it('dismiss: the next version says "not that person"; the registry assigns a new SPID', async () => {
    const { memberId, spid, review } = await heldLookalike(true);
    await signInAs(officerId);
    expect(await resolveReviewAction({ reviewId: review.id, decision: 'dismiss' })).toEqual({
      ok: true,
      data: { status: 'dismissed' },
    });
    await worker(ref.client()).drain();
    const after = await registryOf(memberId);
    expect(after).toMatchObject({ state: 'has_spid' });
    expect(after!.spid).not.toBe(spid);
    expect(validSpid(after!.spid!)).toBe(true);
    const [closed] = await db().select().from(registryReviews).where(eq(registryReviews.id, review.id));
    expect(closed).toMatchObject({ status: 'dismissed', spid: after!.spid });

    const sent = sentRecord(`${memberId}.v2`);
    for (const c of beneficiaryChecks) expect(problems(c.validate, sent.record), c.label).toEqual([]);
    expect(sent.record.member.demographic_info.identifier.map((i) => i.identifier_type)).not.toContain('SPID');
    expect(attributes(sent.record)).toMatchObject({
      dedup_decision: 'distinct_person',
      dedup_reference_id: `${memberId}.v1`,
      dedup_spid: spid,
    });
    // The person ruled out no longer holds our record; a later version keeps the new SPID (one person, one SPID).
    expect(
      ref.peer.registry.state.persons.find((p) => p.spid === spid)!.links.some((l) => l.endsWith(`|${memberId}`)),
    ).toBe(false);
    const again = await ref.client().pushEnrollmentUpdates(
      {
        batchId: 'again',
        records: [{ ...record(member({ localId: memberId, surnameKm: 'សុខ', givenNameKm: 'ខ' }), 9) }],
      },
      ctx({ message: newMessageIdentity() }),
    );
    expect(again.outcomes[0]).toMatchObject({ status: 'succ', spid: after!.spid });
  });

  it('link to a SPID another of our members holds is refused (one SPID per member); dismiss then gives a new one', async () => {
    const { memberId, spid, review } = await heldLookalike(false);
    expect(review).toMatchObject({ candidateSpid: spid });
    await signInAs(officerId);
    expect(await resolveReviewAction({ reviewId: review.id, decision: 'link' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      messageKey: 'spidHeldByOther',
    });
    const [still] = await db().select().from(registryReviews).where(eq(registryReviews.id, review.id));
    expect(still).toMatchObject({ status: 'open', resolvedAt: null });
    expect((await outboxOf(memberId)).map((o) => o.status)).toEqual(['done']);
    expect(await resolveReviewAction({ reviewId: review.id, decision: 'dismiss' })).toMatchObject({ ok: true });
    await worker(ref.client()).drain();
    const after = await registryOf(memberId);
    expect(after).toMatchObject({ state: 'has_spid' });
    expect(after!.spid).not.toBe(spid);
  });
});

describe('the peer honours a review answer only about the record it held', () => {
  async function held() {
    const c = ref.client();
    const person = member({ givenNameKm: `ប${Math.random().toString().slice(2, 12)}`, khmerId: null });
    const first = await c.pushEnrollmentUpdates(
      { batchId: 'p1', records: [record(person)] },
      ctx({ message: newMessageIdentity() }),
    );
    const twin = member({ ...person, localId: randomUUID() });
    const second = await c.pushEnrollmentUpdates(
      { batchId: 'p2', records: [record(twin)] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(second.outcomes[0]).toMatchObject({ status: 'pdng', candidateSpid: first.outcomes[0]!.spid });
    return { c, twin, spid: first.outcomes[0]!.spid! };
  }

  it('refuses a link to another SPID, and a decision sent for another record; the held record stays pending', async () => {
    const { c, twin, spid } = await held();
    const other = (await held()).spid;
    const answer = (m: typeof twin, s: string) => ({
      ...record(m, 2),
      review: { kind: 'same' as const, referenceId: `${twin.localId}.v1`, spid: s },
    });
    const wrongSpid = await c.pushEnrollmentUpdates(
      { batchId: 'p3', records: [answer(twin, other)] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(wrongSpid.outcomes[0]).toMatchObject({ status: 'rjct', reasonCode: 'rjct.dedup_decision.invalid' });
    const stranger = member({ ...twin, localId: randomUUID() });
    const wrongRecord = await c.pushEnrollmentUpdates(
      { batchId: 'p4', records: [answer(stranger, spid)] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(wrongRecord.outcomes[0]).toMatchObject({ status: 'rjct', reasonCode: 'rjct.dedup_decision.invalid' });
    expect((await c.txnStatus([`${twin.localId}.v1`], ctx())).outcomes[0]).toMatchObject({ status: 'pdng' });
    // Without a SPID the answer means the registry's own candidate.
    const bare = await c.pushEnrollmentUpdates(
      {
        batchId: 'p5',
        records: [{ ...record(twin, 3), review: { kind: 'same', referenceId: `${twin.localId}.v1`, spid: null } }],
      },
      ctx({ message: newMessageIdentity() }),
    );
    expect(bare.outcomes[0]).toMatchObject({ status: 'succ', spid });
  });
});

describe('a shared SPID (two of our members, one Khmer ID)', () => {
  it('link is refused; dismiss is refused by the registry (the NID says same person) and shows why', async () => {
    const nid = `8${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const [a] = await seedMembers(operatorId, 1, { khmerId: nid });
    const [b] = await seedMembers(operatorId, 1, { khmerId: nid, causedBy: officerId });
    await worker(ref.client()).drain();
    const spid = (await registryOf(a!))!.spid!;
    expect(await registryOf(b!)).toMatchObject({ state: 'awaiting_review', spid: null });
    const [review] = await db().select().from(registryReviews).where(eq(registryReviews.memberId, b!));
    expect(review).toMatchObject({ status: 'open', reasonCode: 'spid.shared', spid, candidateSpid: null });
    await signInAs(officerId);
    expect(await resolveReviewAction({ reviewId: review!.id, decision: 'link' })).toMatchObject({
      ok: false,
      messageKey: 'spidHeldByOther',
    });
    expect(await resolveReviewAction({ reviewId: review!.id, decision: 'dismiss' })).toMatchObject({ ok: true });
    await worker(ref.client()).drain();
    expect(await registryOf(b!)).toMatchObject({
      state: 'rejected',
      lastReasonCode: 'rjct.dedup_decision.invalid',
      spid: null,
    });
  });
});
