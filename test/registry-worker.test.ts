import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { households, members } from '@/db/schema';
import { backoffMs } from '@/lib/registry/apply';
import { CircuitBreaker } from '@/lib/registry/breaker';
import { enqueueMemberChange } from '@/lib/registry/outbox';
import { claimBatches } from '@/lib/registry/worker';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits, VILLAGE } from './helpers/households';
import { expireLeases, outboxOf, registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

const ref = registryPeer();
let operatorId: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
});

describe('worker mechanics', () => {
  it("sends one member's changes in order: the newer version waits for the older", async () => {
    const [id] = await seedMembers(operatorId, 1);
    await db().transaction(async (tx) => {
      const [m] = await tx
        .update(members)
        .set({ phone: '+85512000111', version: sql`${members.version} + 1` })
        .where(eq(members.id, id!))
        .returning();
      await enqueueMemberChange(tx, m!, null);
    });
    const first = await claimBatches('w-order', 10, 30_000);
    expect(first.flatMap((b) => b.rows.map((r) => r.referenceId))).toEqual([`${id}.v1`]);
    // A second worker finds nothing of this member while v1 is in flight.
    expect(await claimBatches('w-other', 10, 30_000)).toEqual([]);
    await expireLeases();
    const before = ref.peer.requests.length;
    await worker(ref.client(), { batchSize: 10 }).drain();
    const sent = ref.peer.requests
      .slice(before)
      .filter((r) => r.url.endsWith('/enrollment/updates'))
      .map((r) =>
        (
          JSON.parse(r.body) as { message: { enrolled_updates: { beneficiaries: { reference_id: string }[] } } }
        ).message.enrolled_updates.beneficiaries.map((b) => b.reference_id),
      );
    expect(sent).toEqual([[`${id}.v1`], [`${id}.v2`]]);
    expect((await outboxOf(id!)).map((o) => o.status)).toEqual(['done', 'done']);
    expect(await registryOf(id!)).toMatchObject({ state: 'has_spid', spid: expect.any(String) });
  });

  it('opens the circuit breaker while the security server is down: no calls until the cooldown ends', async () => {
    await seedMembers(operatorId, 3);
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.NetworkError' }]);
    const w = worker(ref.client(), {
      breaker: { threshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000 },
      baseDelayMs: 1,
      maxDelayMs: 1,
      maxAttempts: 50,
    });
    await w.runOnce();
    await sleep(10);
    await w.runOnce();
    expect(w.breaker.state()).toBe('open');
    const calls = ref.peer.requests.length;
    await sleep(10);
    expect(await w.runOnce()).toBe(0);
    expect(ref.peer.requests.length).toBe(calls);
    ref.peer.faults.set([]);
    await worker(ref.client()).drain();
  });

  it('the backfill migration queues members enrolled before registry sync, once', async () => {
    const [h] = await db().insert(households).values({ operatorId, code: 'OLD-1', villageCode: VILLAGE }).returning();
    const [old] = await db()
      .insert(members)
      .values({
        operatorId,
        householdId: h!.id,
        surnameKm: 'សុខ',
        givenNameKm: 'ចាស់',
        nameKmKey: 'សុខចាស់',
        sex: 'F',
        birthYear: 1950,
        relationship: 'head',
      })
      .returning();
    const file = readFileSync(
      path.resolve(import.meta.dirname, '..', 'db', 'migrations', '0010_registry_backfill.sql'),
      'utf8',
    );
    for (let run = 0; run < 2; run += 1) {
      for (const statement of file.split('--> statement-breakpoint')) await db().execute(sql.raw(statement));
    }
    expect((await outboxOf(old!.id)).map((o) => [o.referenceId, o.status])).toEqual([[`${old!.id}.v1`, 'pending']]);
    expect(await registryOf(old!.id)).toMatchObject({ state: 'queued' });
    await worker(ref.client()).drain();
    expect(await registryOf(old!.id)).toMatchObject({ state: 'has_spid' });
  });

  it('runs on an interval without blocking its caller, and stops cleanly', async () => {
    const w = worker(ref.client());
    w.start(20);
    const ids = await seedMembers(operatorId, 20);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await registryOf(ids.at(-1)!))?.state !== 'has_spid') await sleep(25);
    await w.stop();
    for (const id of ids) expect(await registryOf(id)).toMatchObject({ state: 'has_spid' });
  });

  it('backs off exponentially with jitter, capped', () => {
    const p = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };
    expect(backoffMs(1, p, 0)).toBe(500);
    expect(backoffMs(1, p, 1)).toBe(1_000);
    expect(backoffMs(4, p, 1)).toBe(8_000);
    expect(backoffMs(20, p, 1)).toBe(60_000);
    const b = new CircuitBreaker(2, 100, 400);
    b.failed(0);
    expect(b.allows(1)).toBe(true);
    b.failed(0);
    expect(b.allows(50)).toBe(false);
    expect(b.allows(100)).toBe(true);
    b.failed(100);
    expect(b.allows(250)).toBe(false);
    b.succeeded();
    b.failed(300);
    expect(b.allows(301)).toBe(true);
  });
});
