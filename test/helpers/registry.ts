import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startPeer, type PeerOptions, type RunningPeer } from '@/camdx-peer/server';
import { db } from '@/db/client';
import { households, memberRegistry, members, registryOutbox } from '@/db/schema';
import { createCamdx, type Camdx, type CamdxConfig } from '@/lib/camdx';
import { enqueueMemberChanges } from '@/lib/registry/outbox';
import { RegistryWorker, type WorkerOptions } from '@/lib/registry/worker';
import { khmerNameKey } from '@/lib/text/normalise';
import { config } from './camdx';
import { VILLAGE } from './households';

/**
 * One peer per test file whose registry keeps its people across tests: SPIDs are unique in a real
 * registry, and the app's database (one per file) keeps them too. Faults are cleared after each test.
 */
export function registryPeer(options: PeerOptions = {}) {
  const clients: Camdx[] = [];
  const ref = {
    peer: undefined as unknown as RunningPeer,
    client(overrides: Partial<CamdxConfig> = {}): Camdx {
      const c = createCamdx(config(ref.peer.url, overrides));
      clients.push(c);
      return c;
    },
  };
  beforeAll(async () => {
    ref.peer = await startPeer(options);
  });
  afterEach(() => ref.peer.faults.set([]));
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await ref.peer.close();
  });
  return ref;
}

export function worker(camdx: Camdx, overrides: Partial<WorkerOptions> = {}): RegistryWorker {
  return new RegistryWorker(camdx, {
    batchSize: 100,
    leaseMs: 30_000,
    userId: 'sdp-worker',
    maxAttempts: 5,
    baseDelayMs: 1,
    maxDelayMs: 5,
    breaker: { threshold: 1_000, cooldownMs: 1, maxCooldownMs: 1 },
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}

const KM = ['ក', 'ខ', 'គ', 'ឃ', 'ង', 'ច', 'ឆ', 'ជ', 'ឈ', 'ញ', 'ដ', 'ឋ', 'ឌ', 'ឍ', 'ណ', 'ត', 'ថ', 'ទ', 'ធ', 'ន'];
let serial = 0;

/** A Khmer given name no other seeded member has, so the registry sees n different people. */
function uniqueName(): string {
  serial += 1;
  let n = serial + Math.floor(Math.random() * 1e6) * 10_000;
  let s = '';
  do {
    s += KM[n % KM.length];
    n = Math.floor(n / KM.length);
  } while (n > 0);
  return s;
}

/**
 * n members in one household of the operator, queued for the registry in the same transaction
 * (set-based); `causedBy` is the staff user recorded on the outbox rows (none by default).
 */
export async function seedMembers(
  operatorId: string,
  n: number,
  options: { khmerId?: string; causedBy?: string | null } = {},
): Promise<string[]> {
  const { causedBy = null, ...extra } = options;
  return db().transaction(async (tx) => {
    const [h] = await tx
      .insert(households)
      .values({ operatorId, code: `SEED-${randomUUID().slice(0, 8)}`, villageCode: VILLAGE })
      .returning();
    const values = Array.from({ length: n }, (_, i) => {
      const given = uniqueName();
      return {
        operatorId,
        householdId: h!.id,
        surnameKm: 'សុខ',
        givenNameKm: given,
        nameKmKey: khmerNameKey('សុខ', given),
        sex: i % 2 ? 'F' : 'M',
        birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        birthYear: 1950 + (i % 50),
        relationship: i === 0 ? 'head' : 'other_relative',
        ...extra,
      };
    });
    const inserted: { id: string; operatorId: string; version: number }[] = [];
    for (let i = 0; i < values.length; i += 500) {
      inserted.push(
        ...(await tx
          .insert(members)
          .values(values.slice(i, i + 500))
          .returning({ id: members.id, operatorId: members.operatorId, version: members.version })),
      );
    }
    await enqueueMemberChanges(tx, inserted, causedBy);
    return inserted.map((m) => m.id);
  });
}

export async function registryOf(memberId: string) {
  const [r] = await db().select().from(memberRegistry).where(eq(memberRegistry.memberId, memberId));
  return r;
}

export async function outboxOf(memberId: string) {
  return db().select().from(registryOutbox).where(eq(registryOutbox.memberId, memberId)).orderBy(registryOutbox.id);
}

/** What a crash leaves: rows in_flight whose lease has run out. */
export async function expireLeases(): Promise<void> {
  await db().execute(
    sql`UPDATE registry_outbox SET locked_until = now() - interval '1 second' WHERE status = 'in_flight'`,
  );
}
