import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeer, type RunningPeer } from '@/camdx-peer/server';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { ROLES } from '@/lib/auth/roles';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { GRIEVANCE_STATUSES } from '@/lib/grievances/values';
import { LIST_STATUSES } from '@/lib/payments/values';
import { DEMO_CAMDX } from '@/lib/demo/registry';
import { seedDemo, type DemoSummary } from '@/lib/demo/seed';
import { FIXTURE_DIR } from './helpers/gazetteer';

// `npm run demo`'s seed (lib/demo) into this file's database, against a CamDX peer started here on
// the demo's port range: what a person trying the demo finds — each payment-list state, each grievance
// state with service levels on track, at risk and breached, members in each registry state, and one
// account per role that signs in with the printed password.

const PEER_PORT = Number(process.env.DEMO_TEST_PEER_PORT ?? 3301);
let peer: RunningPeer;
let demo: DemoSummary;

beforeAll(async () => {
  peer = await startPeer({
    port: PEER_PORT,
    sprService: DEMO_CAMDX.sprServiceId,
    moiService: DEMO_CAMDX.moiServiceId,
  });
  // The project's Kep fixture (18 villages) and fewer households than the demo's 300: the same paths, quicker.
  demo = await seedDemo({ peerUrl: peer.url, gazetteerDir: FIXTURE_DIR, households: 50 });
}, 300_000);

afterAll(async () => {
  await peer?.close();
});

const count = async (text: ReturnType<typeof sql>) => Number((await query<{ n: number }>(db(), text))[0]?.n ?? 0);

describe('npm run demo: the seeded demo operator', () => {
  it('has a payment list in each state', () => {
    for (const state of LIST_STATUSES) expect(demo.paymentLists[state], state).toBeGreaterThan(0);
  });

  it('has grievances in each state, with breached and at-risk service levels among the open ones', async () => {
    for (const state of GRIEVANCE_STATUSES) expect(demo.grievances[state], state).toBeGreaterThan(0);
    const { breachedSql, atRiskSql, onTrackSql } = await import('@/lib/grievances/sla');
    const where = (cond: ReturnType<typeof sql>) =>
      count(sql`select count(*) as n from grievances where operator_id = ${demo.operatorId} and ${cond}`);
    expect(await where(breachedSql())).toBeGreaterThan(0);
    expect(await where(atRiskSql())).toBeGreaterThan(0);
    expect(await where(onTrackSql())).toBeGreaterThan(0);
  });

  it('has members in each registry state the CamDX peer can lead to', async () => {
    for (const state of ['queued', 'accepted', 'has_spid', 'awaiting_review', 'rejected', 'needs_attention'])
      expect(demo.registry[state], state).toBeGreaterThan(0);
    // Each state as the registry made it: SPIDs from the peer, a review with the look-alike's SPID,
    // the registry's reason for a refusal, the security server's error, the busy registry's code.
    const { registry } = peer;
    expect(Object.keys(registry.state.first).length).toBeGreaterThan(demo.registry.has_spid!);
    expect(
      await count(
        sql`select count(*) as n from registry_reviews where operator_id = ${demo.operatorId} and candidate_spid is not null`,
      ),
    ).toBe(demo.registry.awaiting_review);
    const reasons = await query<{ state: string; last_error: string | null; last_reason_code: string | null }>(
      db(),
      sql`select distinct state, last_error, last_reason_code from member_registry
        where operator_id = ${demo.operatorId} and state in ('rejected', 'needs_attention', 'queued')`,
    );
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ state: 'rejected', last_reason_code: 'rjct.record.invalid' }),
        expect.objectContaining({ state: 'needs_attention', last_error: expect.stringMatching(/AccessDenied/i) }),
        expect.objectContaining({ state: 'queued', last_error: expect.stringMatching(/unavailable/) }),
      ]),
    );
  });

  it('has a few hundred people in households of the gazetteer villages, named in Khmer and Latin', async () => {
    expect(demo.members).toBeGreaterThan(50 * 2);
    expect(
      await count(sql`select count(*) as n from members m where m.operator_id = ${demo.operatorId}
        and (m.surname_latin is null or m.given_name_km !~ '[\u1780-\u17ff]')`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from households h where h.operator_id = ${demo.operatorId}
        and not exists (select 1 from admin_units u where u.code = h.village_code and u.level = 'village')`),
    ).toBe(0);
  });

  it('prints one account per role (and a platform administrator) whose password signs in', async () => {
    const roles = demo.accounts.map((a) => a.role);
    expect(roles).toEqual(expect.arrayContaining(['platform_admin', ...ROLES]));
    for (const a of demo.accounts) {
      const signed = await signInWithPassword(a.email, a.password, `demo-test-${a.role}`);
      expect(signed.userId, a.email).toBeTruthy();
    }
  });

  it('wrote the audit trail as staff would have: every household, member, list and grievance', async () => {
    const audited = await query<{ action: string; n: number }>(
      db(),
      sql`select action, count(*) as n from audit_log where operator_id = ${demo.operatorId} group by action`,
    );
    const by = Object.fromEntries(audited.map((a) => [a.action, Number(a.n)]));
    expect(by['household.create']).toBe(
      await count(sql`select count(*) as n from households where operator_id = ${demo.operatorId}`),
    );
    expect(by['member.create']).toBe(demo.members);
    expect(by['paymentList.generate']).toBeGreaterThan(0);
    expect(by['grievance.create']).toBe(Object.values(demo.grievances).reduce((s, n) => s + n, 0));
  });
});
