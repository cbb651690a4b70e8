import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { validSpid } from '@/camdx-peer/spid';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { members, memberRegistry, registryOutbox, registryReviews } from '@/db/schema';
import type { EnrolmentInput } from '@/lib/households/schemas';
import { enqueueMemberChange } from '@/lib/registry/outbox';
import { recheckReviews } from '@/lib/registry/recheck';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree, member } from './helpers/households';
import { outboxOf, registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

const ref = registryPeer();
let operatorId: string;
let officerId: string;

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  operatorId = op.id;
  officerId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
});

let people = 0;
/** A household of three people the registry has not seen (the fixture's names would be look-alikes). */
function newHousehold() {
  const h = householdOfThree();
  people += 1;
  const day = String(1 + (people % 28)).padStart(2, '0');
  h.members = h.members.map((m, i) => ({
    ...m,
    birthDate: m.birthDate ? `19${60 + i}-0${1 + (people % 9)}-${day}` : '',
    birthYear: String(2000 + people),
  }));
  return { ...h, confirmSimilar: true };
}

async function enrol(input: EnrolmentInput = newHousehold()) {
  await signInAs(officerId);
  const res = await enrolHouseholdAction(input);
  if (!res.ok || res.data.status !== 'saved') throw new Error(`not saved: ${JSON.stringify(res)}`);
  return db().select().from(members).where(eq(members.householdId, res.data.householdId));
}

describe('transactional outbox', () => {
  it('enrolment writes an outbox row and a queued state per member, in the same transaction', async () => {
    const ms = await enrol(newHousehold());
    for (const m of ms) {
      expect(await outboxOf(m.id)).toEqual([
        expect.objectContaining({ referenceId: `${m.id}.v1`, status: 'pending', memberVersion: 1 }),
      ]);
      expect(await registryOf(m.id)).toMatchObject({ state: 'queued', spid: null });
    }
  });

  it('a member enrolled without Latin names is queued too', async () => {
    const h = newHousehold();
    const ms = await enrol({ ...h, members: h.members.map((m) => ({ ...m, surnameLatin: '', givenNameLatin: '' })) });
    for (const m of ms) expect(await registryOf(m.id)).toMatchObject({ state: 'queued' });
  });

  it('a failed enrolment leaves no outbox row', async () => {
    const [before] = await db().select({ n: count() }).from(registryOutbox);
    await signInAs(officerId);
    const res = await enrolHouseholdAction(householdOfThree({ villageCode: '99999999' }));
    expect(res.ok).toBe(false);
    const [after] = await db().select({ n: count() }).from(registryOutbox);
    expect(after!.n).toBe(before!.n);
  });
});

describe('the worker', () => {
  it('assigns SPIDs to enrolled members, one each', async () => {
    const ms = await enrol(newHousehold());
    await worker(ref.client()).drain();
    const spids = new Set<string>();
    for (const m of ms) {
      const r = await registryOf(m.id);
      expect(r).toMatchObject({ state: 'has_spid', lastError: null });
      expect(validSpid(r!.spid!)).toBe(true);
      spids.add(r!.spid!);
      expect((await outboxOf(m.id))[0]).toMatchObject({ status: 'done', lockedBy: null });
    }
    expect(spids.size).toBe(3);
  });

  it('a look-alike is held for review (pdng), re-checked, and gets the settled SPID', async () => {
    const head = member({ surnameKm: 'ហេង', givenNameKm: 'ចិន្តា', birthDate: '1971-07-07', khmerId: '' });
    const first = await enrol({ ...householdOfThree(), members: [head] });
    const w = worker(ref.client());
    await w.drain();
    const second = await enrol({
      ...householdOfThree({ villageCode: '12010101' }),
      members: [{ ...head, surnameKm: 'ហេង ', givenNameKm: 'ចិន្ដា' }],
      confirmSimilar: true,
    });
    await w.drain();
    const held = second[0]!;
    expect(await registryOf(held.id)).toMatchObject({
      state: 'awaiting_review',
      lastReasonCode: 'pdng.dedup.review',
      spid: null,
    });
    const [review] = await db().select().from(registryReviews).where(eq(registryReviews.memberId, held.id));
    expect(review).toMatchObject({ status: 'open', reasonCode: 'pdng.dedup.review' });
    // The registry's staff decide "a new person": the member then gets a SPID of its own.
    await fetch(`${ref.peer.url}/__peer/review`, {
      method: 'POST',
      body: JSON.stringify({ reference_id: `${held.id}.v1`, decision: 'different' }),
    });
    expect(await recheckReviews(ref.client(), 'sdp-worker')).toBe(1);
    const after = await registryOf(held.id);
    expect(after).toMatchObject({ state: 'has_spid' });
    expect(after!.spid).not.toBe((await registryOf(first[0]!.id))!.spid);
  });

  it('a rejected record shows the reason; corrected (new version) it is sent again and gets its SPID', async () => {
    const [id] = await seedMembers(operatorId, 1);
    // A record the registry refuses: no Khmer given name.
    await db().update(members).set({ givenNameKm: ' ' }).where(eq(members.id, id!));
    await worker(ref.client()).drain();
    expect(await registryOf(id!)).toMatchObject({
      state: 'rejected',
      lastReasonCode: 'rjct.record.invalid',
      spid: null,
    });
    await db().transaction(async (tx) => {
      const [m] = await tx
        .update(members)
        .set({ givenNameKm: 'សុភា', version: sql`${members.version} + 1` })
        .where(eq(members.id, id!))
        .returning();
      await enqueueMemberChange(tx, m!, null);
    });
    expect(await registryOf(id!)).toMatchObject({ state: 'queued' });
    await worker(ref.client()).drain();
    expect(await registryOf(id!)).toMatchObject({ state: 'has_spid', spid: expect.any(String) });
    expect((await outboxOf(id!)).map((o) => [o.referenceId, o.status])).toEqual([
      [`${id}.v1`, 'failed'],
      [`${id}.v2`, 'done'],
    ]);
  });

  it('retries a failing security server with backoff, then succeeds', async () => {
    const ids = await seedMembers(operatorId, 5);
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.NetworkError', times: 2 }]);
    const w = worker(ref.client(), { baseDelayMs: 400, maxDelayMs: 1_000 });
    const t0 = Date.now();
    expect(await w.runOnce()).toBe(0);
    const [row] = await outboxOf(ids[0]!);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'xroad:Server.ServerProxy.NetworkError' });
    // Backoff: the first retry is due 200–400 ms later (400 ms, jitter 0.5–1), not at once.
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0 + 190);
    expect(await w.runOnce()).toBe(0);
    expect((await outboxOf(ids[0]!))[0]!.attempts).toBe(1);
    await w.drain();
    for (const id of ids)
      expect(await registryOf(id), JSON.stringify(await registryOf(id))).toMatchObject({
        state: 'has_spid',
        attempts: 3,
      });
  });

  it('needs attention after the last attempt, with the last error; an administrator can retry', async () => {
    const [id] = await seedMembers(operatorId, 1);
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.NetworkError' }]);
    await worker(ref.client(), { maxAttempts: 3 }).drain();
    expect(await registryOf(id!)).toMatchObject({
      state: 'needs_attention',
      attempts: 3,
      lastError: 'xroad:Server.ServerProxy.NetworkError',
    });
    expect((await outboxOf(id!))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    ref.peer.faults.set([]);
  });

  it('two workers at once never send a record twice', async () => {
    const ids = await seedMembers(operatorId, 300);
    const client = ref.client();
    const a = worker(client, { batchSize: 50 });
    const b = worker(client, { batchSize: 50 });
    const before = ref.peer.requests.length;
    await Promise.all([a.drain(), b.drain()]);
    type Body = { message: { enrolled_updates: { beneficiaries: { reference_id: string }[] } } };
    const sent = ref.peer.requests.slice(before).filter((r) => r.url.endsWith('/enrollment/updates'));
    const refs = sent.flatMap((r) =>
      (JSON.parse(r.body) as Body).message.enrolled_updates.beneficiaries.map((x) => x.reference_id),
    );
    expect(refs).toHaveLength(300);
    expect(new Set(refs).size).toBe(300);
    const rows = await db()
      .select({ spid: memberRegistry.spid })
      .from(memberRegistry)
      .where(sql`${memberRegistry.memberId} IN ${ids}`);
    const states = await db()
      .select()
      .from(memberRegistry)
      .where(sql`${memberRegistry.memberId} IN ${ids} AND ${memberRegistry.state} <> 'has_spid'`);
    expect(states).toEqual([]);
    expect(new Set(rows.map((r) => r.spid)).size).toBe(300);
  });
});
