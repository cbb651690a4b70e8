import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { adminUnits, members } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf } from '@/lib/auth/scope';
import { importEdition } from '@/lib/gazetteer/import';
import { parseEdition } from '@/lib/gazetteer/parse';
import { readEditionFiles } from '@/lib/gazetteer/read';
import { enrolHousehold } from '@/lib/households/enrol';
import { enrolmentSchema } from '@/lib/households/schemas';
import { createDemoTeam, type DemoAccount } from './accounts';
import { seedGrievances } from './grievances';
import { seedPaymentLists, seedProgrammes } from './payments';
import { DemoPeople } from './people';
import { syncAccepted, syncAccessDenied, syncBusy, syncRegister, syncRun } from './registry';

// `npm run demo`'s data, made through the domain functions (lib/), so that every record has its audit
// row, its tenant and its registry outbox row as if staff had entered it: the gazetteer, the demo
// operator and its staff, a few hundred households, two programmes with their beneficiaries, payment
// lists in each state, members in each registry state against the local CamDX peer, and grievances in
// each state. Run once into an empty database (scripts/demo.ts, test/demo-seed.test.ts).

export interface DemoOptions {
  /** The local CamDX peer (camdx-peer/), already listening. */
  peerUrl: string;
  /** A gazetteer edition (folder or file) to import first. */
  gazetteerDir: string;
  /** Households of the main register (a few more are added for the registry states). */
  households?: number;
  log?: (line: string) => void;
}

export interface DemoSummary {
  accounts: DemoAccount[];
  operatorId: string;
  households: number;
  members: number;
  registry: Record<string, number>;
  paymentLists: Record<string, number>;
  grievances: Record<string, number>;
}

/** Provinces the demo's villages come from when the full gazetteer is there: far apart, one coastal. */
const PROVINCES = ['02', '07', '21', '23'];

async function demoVillages(max = 60): Promise<string[]> {
  const rows = await db()
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, 'village'), isNull(adminUnits.retiredAt)))
    .orderBy(asc(adminUnits.code));
  const all = rows.map((r) => r.code);
  const preferred = all.filter((c) => PROVINCES.includes(c.slice(0, 2)));
  const pool = preferred.length >= max ? preferred : all;
  // Spread over the pool rather than the first villages of one commune.
  const step = Math.max(1, Math.floor(pool.length / max));
  return pool.filter((_, i) => i % step === 0).slice(0, max);
}

/** Enrols `n` households as the enrolment officer does; returns their members' ids and versions. */
async function enrolHouseholds(officer: OperatorUser, people: DemoPeople, n: number, from: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const data = enrolmentSchema.parse(people.household(from + i));
    let r = await enrolHousehold(officer, data);
    // A look-alike of someone enrolled before: the officer checked, it is someone else.
    if (r.status === 'duplicates') r = await enrolHousehold(officer, { ...data, confirmSimilar: true });
    if (r.status !== 'saved') throw new Error(`demo household ${from + i} not saved: ${JSON.stringify(r)}`);
    ids.push(r.householdId);
  }
  const rows = await db()
    .select({ id: members.id, version: members.version, householdId: members.householdId })
    .from(members)
    .where(and(ownedBy(members, officer), inArray(members.householdId, ids)));
  return rows;
}

async function countBy(sqlText: ReturnType<typeof sql>): Promise<Record<string, number>> {
  const rows = await query<{ k: string; n: number }>(db(), sqlText);
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

export async function seedDemo(o: DemoOptions): Promise<DemoSummary> {
  const log = o.log ?? (() => {});
  const total = o.households ?? 300;
  let t = performance.now();
  const step = (what: string) => {
    log(`  ${what} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    t = performance.now();
  };

  const edition = parseEdition(await readEditionFiles(o.gazetteerDir));
  await importEdition(edition, { actorId: null, source: `demo: ${edition.files.join(', ')}` });
  step(`gazetteer: ${edition.units.length} units`);

  const team = await createDemoTeam();
  const officer = team.as.enrolment_officer;
  step(`operator ${team.operatorId.slice(0, 8)} and ${team.accounts.length} accounts`);

  const people = new DemoPeople(await demoVillages());
  const small = Math.max(2, Math.round(total / 100));
  const main = total - 3 * small;
  await enrolHouseholds(officer, people, main, 0);
  step(`${main} households enrolled`);

  const programmes = await seedProgrammes(team);
  await seedPaymentLists(team, programmes);
  step('2 programmes, their beneficiaries and payment lists');

  const run = syncRun(o.peerUrl);
  try {
    await syncRegister(run, officer);
    // Households enrolled after the programmes' enrolment: each group's first message is answered its own way.
    await syncAccepted(run, await enrolHouseholds(officer, people, small, main));
    await enrolHouseholds(officer, people, small, main + small);
    await syncAccessDenied(run);
    await enrolHouseholds(officer, people, small, main + 2 * small);
    await syncBusy(run);
  } finally {
    run.close();
  }
  step('registry sync against the CamDX peer');

  const memberIds = (
    await db().select({ id: members.id }).from(members).where(ownedBy(members, officer)).orderBy(asc(members.id))
  ).map((m) => m.id);
  await seedGrievances(team, memberIds);
  step('grievances');

  const op = tenantOf(officer);
  return {
    accounts: team.accounts,
    operatorId: team.operatorId,
    households: total,
    members: memberIds.length,
    registry: await countBy(
      sql`select state as k, count(*) as n from member_registry where operator_id = ${op} group by state`,
    ),
    paymentLists: await countBy(
      sql`select status as k, count(*) as n from payment_lists where operator_id = ${op} group by status`,
    ),
    grievances: await countBy(
      sql`select status as k, count(*) as n from grievances where operator_id = ${op} group by status`,
    ),
  };
}
