import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { claimBatches } from '@/lib/registry/worker';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { outboxOf, registryOf, registryPeer, seedMembers, worker } from './helpers/registry';
import { members } from '@/db/schema';
import { inArray } from 'drizzle-orm';
import { ownerDb } from './helpers/owner';

// The worker against a registry that answers as the IBR OpenAPI allows, not only as our peer did.
const ref = registryPeer();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let operatorId: string;
const modes = (body: object) =>
  fetch(`${ref.peer.url}/__peer/modes`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const fast = { pollBaseMs: 20, pollMaxMs: 100 };

// The peer's modes back to its defaults after each test (registryPeer clears its faults).
afterEach(async () => {
  await fetch(`${ref.peer.url}/__peer/modes`, { method: 'DELETE' });
});

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
});

async function statesOf(ids: string[]) {
  return Promise.all(ids.map(async (id) => (await registryOf(id))!.state));
}

describe('a registry that only acknowledges (answer=ack)', () => {
  it('shows "accepted, result pending", asks for the results with txn/status on a backoff, then has the SPIDs', async () => {
    await modes({ answer: 'ack', ack_delay_ms: 1_000 });
    const ids = await seedMembers(operatorId, 3);
    const w = worker(ref.client(), fast);
    expect(await w.runOnce()).toBe(3);
    expect(await statesOf(ids)).toEqual(['accepted', 'accepted', 'accepted']);
    const [row] = await outboxOf(ids[0]!);
    expect(row).toMatchObject({ status: 'acked', attempts: 1, ackedAt: expect.any(Date) });
    await w.drain();
    expect(await statesOf(ids)).toEqual(['has_spid', 'has_spid', 'has_spid']);
    const asked = ref.peer.requests.filter((r) => r.url.endsWith('/txn/status')).length;
    // Asked more than once (it was not known at first), but not in a tight loop (at least 50 ms apart).
    expect(asked).toBeGreaterThan(1);
    expect(asked).toBeLessThan(40);
    // Sent once: an acknowledged message is never sent again.
    expect(ref.peer.requests.filter((r) => r.url.endsWith('/enrollment/updates'))).toHaveLength(1);
  });
});

describe('a registry that gives no SPID in its answers (spid=search-only)', () => {
  it('looks each SPID up by the member’s LOCAL id; the member has the SPID the registry holds', async () => {
    await modes({ spid: 'search-only' });
    const ids = await seedMembers(operatorId, 4);
    await worker(ref.client(), fast).drain();
    for (const id of ids) {
      const r = (await registryOf(id))!;
      expect(r.state).toBe('has_spid');
      const person = ref.peer.registry.state.persons.find((p) => p.spid === r.spid)!;
      expect(person.links.some((l) => l.endsWith(`|${id}`))).toBe(true);
    }
    expect(ref.peer.requests.some((r) => r.url.endsWith('/sync/search'))).toBe(true);
  });

  it('waits ("accepted") while the lookup finds nobody, never "has SPID" without one', async () => {
    await modes({ spid: 'search-only' });
    const [id] = await seedMembers(operatorId, 1);
    ref.peer.faults.set([{ kind: 'http-error', status: 503, path: '/sync/search' }]);
    const w = worker(ref.client(), fast);
    await w.runOnce();
    expect(await registryOf(id!)).toMatchObject({ state: 'accepted', spid: null });
    ref.peer.faults.set([]);
    await w.drain();
    expect(await registryOf(id!)).toMatchObject({ state: 'has_spid', spid: expect.stringMatching(/^\d{10}$/) });
  });

  it('the database refuses "has SPID" without a SPID', async () => {
    const [id] = await seedMembers(operatorId, 1);
    const err = (await db()
      .execute(sql`UPDATE member_registry SET state = 'has_spid', spid = NULL WHERE member_id = ${id}`)
      .then(
        () => null,
        (e: unknown) => e,
      )) as { cause?: { message?: string } } | null;
    expect(err?.cause?.message).toMatch(/violates check constraint "member_registry_has_spid_ck"/);
  });
});

describe('migration 0024', () => {
  it('sends again the members an earlier version marked "has SPID" without one, before adding the constraint', async () => {
    const [id] = await seedMembers(operatorId, 1);
    await worker(ref.client(), fast).drain();
    // What the code before this migration could leave: "has SPID" from an answer that carried none.
    // The migration's DDL is the owner's to run (the app's role owns nothing).
    await ownerDb().execute(sql`ALTER TABLE member_registry DROP CONSTRAINT member_registry_has_spid_ck`);
    await ownerDb().execute(sql`UPDATE member_registry SET spid = NULL WHERE member_id = ${id}`);
    const file = readFileSync(
      path.resolve(import.meta.dirname, '..', 'db', 'migrations', '0024_registry_ack_results.sql'),
      'utf8',
    );
    const repair = file
      .split('--> statement-breakpoint')
      .filter((st) => /^\s*(--[^\n]*\n\s*)*UPDATE|member_registry_has_spid_ck/.test(st));
    expect(repair).toHaveLength(3);
    for (const statement of repair) await ownerDb().execute(sql.raw(statement));
    expect(await registryOf(id!)).toMatchObject({ state: 'queued', spid: null });
    expect((await outboxOf(id!)).map((o) => o.status)).toEqual(['pending']);
    await worker(ref.client(), fast).drain();
    expect(await registryOf(id!)).toMatchObject({ state: 'has_spid', spid: expect.stringMatching(/^\d{10}$/) });
    // The registry answered the replayed reference_id with its first result: still one person.
    expect(ref.peer.registry.state.persons.filter((p) => p.links.some((l) => l.endsWith(`|${id}`)))).toHaveLength(1);
  });
});

describe('a held record recovered through txn/status', () => {
  it('keeps its candidate SPID in the review queue', async () => {
    const [first] = await seedMembers(operatorId, 1);
    await worker(ref.client(), fast).drain();
    const spid = (await registryOf(first!))!.spid!;
    // A look-alike of that member (same Khmer name, birth date and sex), its answer lost once.
    const [m] = await db()
      .select()
      .from(members)
      .where(inArray(members.id, [first!]));
    const [lookalike] = await seedMembers(operatorId, 1);
    await db()
      .update(members)
      .set({ givenNameKm: m!.givenNameKm, nameKmKey: m!.nameKmKey, birthDate: m!.birthDate, sex: m!.sex })
      .where(inArray(members.id, [lookalike!]));
    ref.peer.faults.set([{ kind: 'lose-response', times: 1, path: 'enrollment' }]);
    await worker(ref.client(), fast).drain();
    const [review] = await query<{ candidate_spid: string | null; reason_code: string }>(
      db(),
      sql`SELECT candidate_spid, reason_code FROM registry_reviews WHERE member_id = ${lookalike}`,
    );
    expect(review).toEqual({ candidate_spid: spid, reason_code: 'pdng.dedup.review' });
    expect(await registryOf(lookalike!)).toMatchObject({ state: 'awaiting_review', spid: null });
  });
});

describe('batches of different operators', () => {
  it('go out in the same round, and one that fails holds back neither the others nor the round', async () => {
    await worker(ref.client()).drain();
    const a = (await makeOperator()).id;
    const b = (await makeOperator()).id;
    const ofA = await seedMembers(a, 3);
    const ofB = await seedMembers(b, 3);
    // Operator A's message (the oldest rows) cannot go out: its represented party breaks X-Road's
    // identifier rules (an administrator must fix it). B's goes through in the same round.
    await db().execute(sql`UPDATE operators SET camdx_represented_party = 'NGO/NOT VALID' WHERE id = ${a}`);
    const w = worker(ref.client());
    await w.runOnce();
    expect(await statesOf(ofB)).toEqual(['has_spid', 'has_spid', 'has_spid']);
    expect(await statesOf(ofA)).toEqual(['needs_attention', 'needs_attention', 'needs_attention']);
    expect((await registryOf(ofA[0]!))!.lastError).toBe('config:CONFIG');
  });
});

describe('leases', () => {
  it('are renewed by a heartbeat while a call runs: another worker cannot take the rows', async () => {
    const ids = await seedMembers(operatorId, 2);
    ref.peer.faults.set([{ kind: 'latency', ms: 3_000, path: 'enrollment' }]);
    const w = worker(ref.client(), { leaseMs: 1_000, heartbeatMs: 200 });
    const running = w.runOnce();
    await sleep(2_200);
    // Without the heartbeat the one-second lease would have run out twice over by now.
    expect(await claimBatches('another-worker', 10, 30_000)).toEqual([]);
    const [lease] = await query<{ ahead: boolean }>(
      db(),
      sql`SELECT bool_and(locked_until > now()) AS ahead FROM registry_outbox WHERE member_id IN ${ids}`,
    );
    expect(lease!.ahead).toBe(true);
    expect(await running).toBe(2);
    expect(await statesOf(ids)).toEqual(['has_spid', 'has_spid']);
  });

  it("a crashed worker's rows (no heartbeat) come back when its lease runs out", async () => {
    const ids = await seedMembers(operatorId, 2);
    const claimed = await claimBatches('crashed-worker', 10, 300);
    expect(claimed.flatMap((b) => b.rows.map((r) => r.memberId)).sort()).toEqual([...ids].sort());
    expect(await claimBatches('another-worker', 10, 30_000)).toEqual([]);
    await sleep(400);
    expect((await claimBatches('another-worker', 10, 30_000)).flatMap((b) => b.rows)).toHaveLength(2);
  });
});
