import 'server-only';
import { and, asc, eq, ne } from 'drizzle-orm';
import pino from 'pino';
import { db } from '@/db/client';
import { members } from '@/db/schema';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { createCamdx, type CamdxConfig } from '@/lib/camdx';
import { parseClientId, parseServiceId } from '@/lib/camdx/identifiers';
import { RegistryWorker } from '@/lib/registry/worker';

// The registry states made for real, against the local CamDX peer (camdx-peer/): members are sent by
// the app's own registry worker, and the peer is told beforehand how to answer some of them, the way
// tests do (camdx-peer/README.md: rejections, persons held from another client, answer modes, faults).

/**
 * The X-Road identities the app and the peer agree on (camdx-peer/README.md's); scripts/demo.ts gives
 * them to both. Written here rather than imported: the app's code never imports the peer.
 */
export const DEMO_CAMDX = {
  clientId: 'CAMBODIA/COM/SDP-DEV/SDP',
  sprServiceId: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
  moiServiceId: 'CAMBODIA/GOV/MOI-DEV/KHMERID/khmerid',
} as const;

const silent = pino({ level: 'silent' });

function camdxFor(peerUrl: string) {
  const config: CamdxConfig = {
    securityServerUrl: peerUrl,
    client: parseClientId(DEMO_CAMDX.clientId, 'client', true),
    sprService: parseServiceId(DEMO_CAMDX.sprServiceId, 'spr', true),
    moiService: parseServiceId(DEMO_CAMDX.moiServiceId, 'moi', true),
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 30_000,
    // One try per call: a fault set for one message must not be outlived by a retry inside the call.
    maxAttempts: 1,
    retryBaseMs: 100,
    strictIdentifiers: true,
    logger: silent,
  };
  return createCamdx(config);
}

/** The peer's control endpoints (never X-Road). */
export function peerControl(peerUrl: string) {
  return async (path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${peerUrl}/__peer/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`CamDX peer ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
}

export interface SyncRun {
  worker: RegistryWorker;
  post: ReturnType<typeof peerControl>;
  close(): void;
}

export function syncRun(peerUrl: string): SyncRun {
  const camdx = camdxFor(peerUrl);
  const worker = new RegistryWorker(camdx, {
    batchSize: 200,
    leaseMs: 30_000,
    concurrency: 1,
    userId: 'sdp-registry-sync',
    maxAttempts: 8,
    // A batch the registry could not take now is tried again in 5–10 minutes: the demo shows it queued.
    baseDelayMs: 10 * 60_000,
    maxDelayMs: 15 * 60_000,
    breaker: { threshold: 1_000, cooldownMs: 1, maxCooldownMs: 1 },
    logger: silent,
  });
  return { worker, post: peerControl(peerUrl), close: () => camdx.close() };
}

/** Non-heads (no benefit carried) of the operator, oldest first: the ones the peer is told about. */
async function someMembers(tenant: Tenant) {
  return db()
    .select({
      id: members.id,
      version: members.version,
      surnameKm: members.surnameKm,
      givenNameKm: members.givenNameKm,
      birthDate: members.birthDate,
      sex: members.sex,
    })
    .from(members)
    .where(and(ownedBy(members, tenant), ne(members.relationship, 'head'), eq(members.status, 'active')))
    .orderBy(asc(members.createdAt), asc(members.id));
}

/**
 * The main register: most get a SPID; a few are refused by the registry (a reason staff can read);
 * a few look like people another programme registered, so the registry holds them for review.
 */
export async function syncRegister(run: SyncRun, tenant: Tenant, counts = { rejected: 5, review: 5 }): Promise<void> {
  const list = await someMembers(tenant);
  const step = Math.max(1, Math.floor(list.length / (counts.rejected + counts.review + 1)));
  const chosen = list.filter((_, i) => i % step === step - 1).slice(0, counts.rejected + counts.review);
  const rejected = chosen.slice(0, counts.rejected);
  const review = chosen.slice(counts.rejected);
  await run.post('rejections', {
    rules: rejected.map((m) => ({
      // This version only (and the benefit news it carries): a corrected record is decided afresh.
      match: `${m.id}.v${m.version}`,
      code: 'rjct.record.invalid',
      message: 'birth date differs from the civil registration record / ថ្ងៃខែឆ្នាំកំណើតខុសពីបញ្ជីអត្រានុកូលដ្ឋាន',
    })),
  });
  for (const m of review)
    await run.post('persons', {
      surname_km: m.surnameKm,
      given_name_km: m.givenNameKm,
      birth_date: m.birthDate,
      sex: m.sex === 'F' ? 'female' : 'male',
    });
  await run.worker.drain(200);
}

/** Everyone of these members' next message is answered "accepted, results later" (10 minutes later). */
export async function syncAccepted(run: SyncRun, memberIds: { id: string; version: number }[]): Promise<void> {
  const first = memberIds[0]!;
  await run.post('modes', {
    add_rules: [{ match: `${first.id}.v${first.version}`, answer: 'ack', ack_delay_ms: 600_000 }],
  });
  await run.worker.runOnce();
}

/** The next message is refused by the security server: the app has no access right (an administrator's task). */
export async function syncAccessDenied(run: SyncRun): Promise<void> {
  await run.post('faults', {
    rules: [{ kind: 'xroad-error', code: 'Server.ServerProxy.AccessDenied', path: 'enrollment', times: 1 }],
  });
  await run.worker.runOnce();
}

/** The next message finds the registry busy (HTTP 503): its members stay queued and are tried again later. */
export async function syncBusy(run: SyncRun): Promise<void> {
  await run.post('faults', {
    rules: [{ kind: 'http-error', status: 503, code: 'err.service.unavailable', path: 'enrollment', times: 1 }],
  });
  await run.worker.runOnce();
}
