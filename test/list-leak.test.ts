import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportRoute } from '@/app/api/v1/export/route';
import { GET as getHouseholdRoute } from '@/app/api/v1/households/[id]/route';
import { GET as getImportRoute } from '@/app/api/v1/imports/[id]/route';
import { GET as importsRoute } from '@/app/api/v1/imports/route';
import { GET as getMemberRoute } from '@/app/api/v1/members/[id]/route';
import { GET as searchRoute } from '@/app/api/v1/search/route';
import { db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { listAudit, listAuditActions } from '@/lib/audit/query';
import type { OperatorUser } from '@/lib/auth/guards';
import { EXPORT_HEADER, exportMembers } from '@/lib/exports/export';
import { enrolHousehold } from '@/lib/households/enrol';
import { enrolmentSchema } from '@/lib/households/schemas';
import { templateHeader } from '@/lib/imports/columns';
import { getImportJob, listImportJobs } from '@/lib/imports/jobs';
import { getProgramme, listProgrammes } from '@/lib/programmes/service';
import { householdHistory, historyRefs, memberHistory } from '@/lib/records/history';
import { findHousehold, findMember, householdMembers, householdRecord } from '@/lib/records/read';
import { memberSync, membersSync, openReviews, syncDashboard } from '@/lib/registry/queries';
import { initialSearch } from '@/lib/search/page';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { REGISTRY_STATES, type RegistryState } from '@/lib/registry/states';
import { getStaffMember, listStaff } from '@/lib/users/service';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import {
  drain,
  exportFilters,
  exportsSettled,
  lookAlikeEnrolment,
  operatorActor,
  seedSide,
  SHARED,
  type Person,
  type Side,
} from './helpers/look-alike';
import { VILLAGES } from './helpers/search-data';

// Two operators, A and B, hold look-alike people (same names, birth dates, phones, IDPoor number,
// Khmer IDs, household code, villages) and each has registry states, a review, an import job,
// audit rows and an export. Every list, search, export, count and dashboard is asked as A's user and
// as B's: each answer must hold the caller's rows only, each counted once. A third operator C has
// a user and nothing else; a fourth, D, enrols the same household and must be offered no duplicate.

const S: Record<'A' | 'B', Side> = {} as Record<'A' | 'B', Side>;
let C: { actor: OperatorUser; adminId: string };
let D: OperatorUser;
const ownerOf = new Map<string, string>();

beforeAll(async () => {
  S.A = await seedSide('A', 1);
  S.B = await seedSide('B', 2);
  for (const side of [S.A, S.B]) {
    for (const id of [
      ...side.people.map((p) => p.id),
      ...side.householdIds,
      ...side.userIds,
      ...side.jobIds,
      ...side.programmeIds,
      side.reviewId,
    ])
      ownerOf.set(id, side.tag);
  }
  const c = (await makeOperator('LKC')).id;
  const cAdmin = await makeUser({ operatorId: c, roles: ['operator_admin'] });
  C = { actor: await operatorActor(cAdmin.id), adminId: cAdmin.id };
  D = await operatorActor(
    (await makeUser({ operatorId: (await makeOperator('LKD')).id, roles: ['operator_admin'] })).id,
  );
}, 120_000);

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * The answer's ids hold none of the other operator's rows (the leak, named) and are exactly the
 * caller's expected rows, each once (so a count is the caller's own, never the sum).
 */
function expectOnly(what: string, got: string[], me: Side, expected: string[]) {
  const leaked = got.filter((id) => ownerOf.has(id) && ownerOf.get(id) !== me.tag);
  expect(leaked, `LEAK: ${what} as ${me.tag}'s user returned the other operator's rows`).toEqual([]);
  expect(sorted(got), `${what} as ${me.tag}'s user: not exactly the caller's own rows`).toEqual(sorted(expected));
}

const ids = (people: Person[]) => people.map((p) => p.id);

async function searchAll(actor: OperatorUser, raw: Record<string, string>, locale: 'en' | 'km' = 'en', limit?: number) {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const params = searchParamsSchema.parse({
      ...raw,
      ...(limit ? { limit: String(limit) } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const r = await searchMembers(actor, params, locale);
    out.push(...r.items.map((i) => i.memberId));
    if (!r.nextCursor) return out;
    cursor = r.nextCursor;
  }
  throw new Error('search paging never ended');
}

const KHMER_ID = EXPORT_HEADER.indexOf(templateHeader('khmer_id'));
const REF = EXPORT_HEADER.indexOf(templateHeader('household_ref'));

function csvRows(bytes: Buffer): string[][] {
  const rows = parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
  expect(rows[0]).toEqual(EXPORT_HEADER);
  return rows.slice(1);
}

/** An export's rows hold only the caller's people: their count, Khmer IDs and household codes. */
function expectExportOnly(what: string, rows: string[][], me: Side, other: Side, expected: Person[]) {
  const otherCodes = new Set([
    other.only.code,
    ...(other.enrolled.code === me.enrolled.code ? [] : [other.enrolled.code]),
  ]);
  const leaked = rows.filter((r) => other.only.khmerIds.includes(r[KHMER_ID]!) || otherCodes.has(r[REF]!));
  expect(
    leaked.map((r) => `${r[REF]} ${r[KHMER_ID]}`),
    `LEAK: ${what} as ${me.tag}'s user exported the other operator's rows`,
  ).toEqual([]);
  expect(rows.length, `${what} as ${me.tag}'s user: row count is not the caller's own`).toBe(expected.length);
  expect(sorted(rows.map((r) => r[KHMER_ID]!).filter(Boolean)), `${what}: Khmer IDs`).toEqual(
    sorted(expected.map((p) => p.khmerId).filter((k): k is string => k !== null)),
  );
}

async function ownAuditIds(operatorId: string, action?: string): Promise<string[]> {
  const rows = await db()
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.operatorId, operatorId), action ? eq(auditLog.action, action) : undefined));
  return rows.map((r) => String(r.id));
}

async function auditOwner(): Promise<Map<string, string>> {
  const rows = await db().select({ id: auditLog.id, operatorId: auditLog.operatorId }).from(auditLog);
  const tagOf = new Map([
    [S.A.operatorId, 'A'],
    [S.B.operatorId, 'B'],
  ]);
  return new Map(rows.map((r) => [String(r.id), tagOf.get(r.operatorId ?? '') ?? 'other']));
}

async function allAudit(actor: OperatorUser, filter: Parameters<typeof listAudit>[1] = {}) {
  const out: string[] = [];
  let before: number | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await listAudit(actor, { ...filter, before });
    out.push(...r.rows.map((row) => String(row.id)));
    if (r.nextBefore === null) return out;
    before = r.nextBefore;
  }
  throw new Error('audit paging never ended');
}

const routeParams = (id: string) => ({ params: Promise.resolve({ id }) });

/** A read by the other operator's id must fail as "not found" (a found row is the leak). */
async function expectNotFound(what: string, read: Promise<unknown>) {
  const outcome = await read.then(
    () => 'found',
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );
  expect(outcome, `LEAK: ${what} found the other operator's row`).toBe('NOT_FOUND');
}

type Pick = (me: Side) => Person[];
const byId =
  (key: (me: Side) => string[]): Pick =>
  (me) =>
    me.people.filter((p) => key(me).includes(p.id));
const where =
  (test: (p: Person) => boolean): Pick =>
  (me) =>
    me.people.filter(test);

// Every kind of search lib/search/parse.ts knows, and the filters; each with the caller's expected people.
const SEARCHES: [name: string, params: (me: Side, other: Side) => Record<string, string>, expected: Pick][] = [
  ['Khmer name (a fragment both hold)', () => ({ q: 'ដារ៉ា' }), byId((me) => [me.enrolled.head, me.enrolled.child])],
  ['Khmer full name', () => ({ q: 'សុខ ដារ៉ា' }), byId((me) => [me.enrolled.head])],
  [
    'Khmer name within a province',
    () => ({ q: 'កែវ', province: '02' }),
    byId((me) => [me.look.sreypov, me.look.samnang]),
  ],
  ['Latin name, two words', () => ({ q: 'sok dara' }), byId((me) => [me.enrolled.head])],
  ['Latin name, one word', () => ({ q: 'Keo' }), byId((me) => [me.look.sreypov, me.look.samnang])],
  [
    'Latin name within a village',
    () => ({ q: 'keo', village: VILLAGES.b }),
    byId((me) => [me.look.sreypov, me.look.samnang]),
  ],
  ['Khmer ID held by both', () => ({ q: SHARED.headKhmerId }), byId((me) => [me.enrolled.head])],
  ['Khmer ID typed in Khmer digits', () => ({ q: '១២៣៤៥០០០៣' }), byId((me) => [me.look.sreypov])],
  ["the other operator's own Khmer ID", (_me, other) => ({ q: other.only.khmerIds[0]! }), () => []],
  ["a member's phone held by both", () => ({ q: SHARED.memberPhone }), byId((me) => [me.enrolled.spouse])],
  [
    "a household's phone held by both",
    () => ({ q: SHARED.householdPhone }),
    byId((me) => [me.enrolled.head, me.enrolled.spouse, me.enrolled.child]),
  ],
  [
    'IDPoor number held by both',
    () => ({ q: '010201010042' }),
    byId((me) => [me.enrolled.head, me.enrolled.spouse, me.enrolled.child]),
  ],
  [
    'household code held by both',
    () => ({ q: SHARED.code.toLowerCase() }),
    byId((me) => [me.look.sreypov, me.look.samnang]),
  ],
  ["the other operator's own household code", (_me, other) => ({ q: other.only.code }), () => []],
  [
    "the other operator's enrolled household code",
    (_me, other) => ({ q: other.enrolled.code }),
    (me) =>
      me.people.filter(
        (p) =>
          p.householdId === me.enrolled.householdId && me.enrolled.code === (me.tag === 'A' ? S.B : S.A).enrolled.code,
      ),
  ],
  ['no text, no filter (everyone)', () => ({}), where(() => true)],
  ['filter province', () => ({ province: '01' }), where((p) => p.village.startsWith('01'))],
  ['filter district', () => ({ district: '0203' }), where((p) => p.village.startsWith('0203'))],
  ['filter commune', () => ({ commune: '010201' }), where((p) => p.village.startsWith('010201'))],
  ['filter village', () => ({ village: VILLAGES.a }), where((p) => p.village === VILLAGES.a)],
  ['filter sex', () => ({ sex: 'F' }), where((p) => p.sex === 'F')],
  ['filter status', () => ({ status: 'deceased' }), where((p) => p.status === 'deceased')],
  ['filter disability', () => ({ disability: 'true' }), where((p) => p.hasDisability)],
  ['filter age (under 18)', () => ({ ageMax: '17' }), byId((me) => [me.enrolled.child])],
  [
    'filters combined (province, sex, status, no disability)',
    () => ({ province: '01', sex: 'M', status: 'active', disability: 'false' }),
    where((p) => p.village.startsWith('01') && p.sex === 'M' && p.status === 'active' && !p.hasDisability),
  ],
];

describe.each([
  ['A', 'B'],
  ['B', 'A'],
] as const)("as %s's user, with %s's look-alike rows in the database", (meTag, otherTag) => {
  const me = () => S[meTag];
  const other = () => S[otherTag];

  describe('searchMembers (lib/search/search.ts)', () => {
    it.each(SEARCHES)('searchMembers: %s', async (name, params, expected) => {
      expectOnly(
        `searchMembers ${name}`,
        await searchAll(me().actor, params(me(), other())),
        me(),
        ids(expected(me())),
      );
    });

    it("searchMembers: paging with a cursor, two at a time (English order), ends with the caller's own count", async () => {
      expectOnly('searchMembers paged (limit 2)', await searchAll(me().actor, {}, 'en', 2), me(), ids(me().people));
    });

    it('searchMembers: paging with a cursor, one at a time (Khmer order) within a province', async () => {
      expectOnly(
        'searchMembers paged (limit 1, km, province 01)',
        await searchAll(me().actor, { province: '01' }, 'km', 1),
        me(),
        ids(me().people.filter((p) => p.village.startsWith('01'))),
      );
    });

    it('searchMembers: paging a Khmer name one at a time', async () => {
      expectOnly('searchMembers paged Khmer name', await searchAll(me().actor, { q: 'កែវ' }, 'km', 1), me(), [
        me().look.sreypov,
        me().look.samnang,
      ]);
    });
  });

  describe('GET /api/v1/search', () => {
    it.each(SEARCHES)('GET /api/v1/search: %s', async (name, params, expected) => {
      await signInAs(me().viewerId);
      const res = await searchRoute(
        new NextRequest(
          `http://localhost/api/v1/search?${new URLSearchParams({ ...params(me(), other()), limit: '100' })}`,
        ),
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { memberId: string }[]; nextCursor: string | null };
      expect(body.nextCursor).toBeNull();
      expectOnly(
        `GET /api/v1/search ${name}`,
        body.items.map((i) => i.memberId),
        me(),
        ids(expected(me())),
      );
    });
  });

  describe('exportMembers (lib/exports/export.ts) and GET /api/v1/export', () => {
    it.each(SEARCHES)('exportMembers: %s', async (name, params, expected) => {
      const { body } = await exportMembers(me().actor, 'csv', exportFilters(params(me(), other())));
      expectExportOnly(`exportMembers ${name}`, csvRows(await drain(body)), me(), other(), expected(me()));
    });

    it("GET /api/v1/export: the whole list is the caller's members, counted once", async () => {
      await signInAs(me().viewerId);
      const res = await exportRoute(new NextRequest('http://localhost/api/v1/export?format=csv'));
      expect(res.status).toBe(200);
      expectExportOnly('GET /api/v1/export', csvRows(Buffer.from(await res.arrayBuffer())), me(), other(), me().people);
    });

    it('GET /api/v1/export: by the Khmer ID both hold', async () => {
      await signInAs(me().officerId);
      const res = await exportRoute(
        new NextRequest(`http://localhost/api/v1/export?format=csv&q=${SHARED.spouseKhmerId}`),
      );
      expectExportOnly(
        'GET /api/v1/export q=Khmer ID',
        csvRows(Buffer.from(await res.arrayBuffer())),
        me(),
        other(),
        me().people.filter((p) => p.id === me().enrolled.spouse),
      );
    });
  });

  describe('initialSearch / operatorHasMembers (lib/search/page.ts)', () => {
    it("initialSearch: the other operator's household code finds nothing, and the caller still has members", async () => {
      const r = await initialSearch(me().actor, { q: other().only.code }, 'en');
      expect(r.result?.items, "initialSearch of the other's code").toEqual([]);
      expect(r.hasMembers).toBe(true);
    });
  });

  describe('audit (lib/audit/query.ts)', () => {
    it("listAudit: every page holds the caller's trail only, all of it once", async () => {
      await exportsSettled();
      const got = await allAudit(me().actor);
      const owner = await auditOwner();
      const leaked = got.filter((id) => owner.get(id) !== me().tag);
      expect(leaked, `LEAK: listAudit as ${meTag}'s user returned rows of another operator`).toEqual([]);
      expect(sorted(got), "listAudit: not exactly the caller's own trail").toEqual(
        sorted(await ownAuditIds(me().operatorId)),
      );
    });

    it('listAudit: filtered by an action both trails hold (member.create)', async () => {
      const got = await allAudit(me().actor, { action: 'member.create' });
      const owner = await auditOwner();
      expect(
        got.filter((id) => owner.get(id) !== me().tag),
        'LEAK: listAudit action=member.create',
      ).toEqual([]);
      expect(sorted(got)).toEqual(sorted(await ownAuditIds(me().operatorId, 'member.create')));
      expect(got).toHaveLength(3);
    });

    it("listAudit: filtered by the other operator's user, or by the action only the other's trail holds, is empty", async () => {
      expect(await allAudit(me().actor, { actor: other().adminId }), "LEAK: listAudit actor=<other's admin>").toEqual(
        [],
      );
      expect(
        await allAudit(me().actor, { actor: other().officerId }),
        "LEAK: listAudit actor=<other's officer>",
      ).toEqual([]);
      expect(
        await allAudit(me().actor, { action: other().probeAction }),
        `LEAK: listAudit action=${other().probeAction}`,
      ).toEqual([]);
    });

    it("listAuditActions: the caller's actions, not the other operator's", async () => {
      const actions = await listAuditActions(me().actor);
      expect(actions, `LEAK: listAuditActions as ${meTag} lists ${other().probeAction}`).not.toContain(
        other().probeAction,
      );
      expect(actions).toContain(me().probeAction);
      expect(actions).toEqual(
        expect.arrayContaining(['export.start', 'export.finish', 'household.create', 'member.create']),
      );
    });
  });

  describe('programmes (lib/programmes/service.ts)', () => {
    it("listProgrammes: the caller's programmes only, though both use the same code", async () => {
      expectOnly(
        'listProgrammes',
        (await listProgrammes(me().actor)).map((p) => p.id),
        me(),
        me().programmeIds,
      );
    });

    it("getProgramme: the other operator's programme is not found", async () => {
      await expectNotFound('getProgramme', getProgramme(me().actor, other().programmeIds[0]!));
    });
  });

  describe('staff (lib/users/service.ts)', () => {
    it("listStaff: the caller's staff only", async () => {
      expectOnly(
        'listStaff',
        (await listStaff(me().actor)).map((u) => u.id),
        me(),
        me().userIds,
      );
    });

    it("getStaffMember: the other operator's user is not found", async () => {
      await expectNotFound('getStaffMember', getStaffMember(me().actor, other().adminId));
    });
  });

  describe('import jobs (lib/imports/jobs.ts, GET /api/v1/imports)', () => {
    it("listImportJobs: the caller's jobs only", async () => {
      expectOnly(
        'listImportJobs',
        (await listImportJobs(me().actor, 'en')).map((j) => j.id),
        me(),
        me().jobIds,
      );
    });

    it("GET /api/v1/imports: the caller's jobs only", async () => {
      await signInAs(me().officerId);
      const res = await importsRoute(new NextRequest('http://localhost/api/v1/imports'));
      expect(res.status).toBe(200);
      expectOnly(
        'GET /api/v1/imports',
        ((await res.json()) as { id: string }[]).map((j) => j.id),
        me(),
        me().jobIds,
      );
    });

    it("getImportJob and GET /api/v1/imports/[id]: the other operator's job is not found", async () => {
      await expectNotFound('getImportJob', getImportJob(me().actor, other().jobIds[0]!, 'en'));
      await signInAs(me().officerId);
      expect(
        (await getImportRoute(new NextRequest('http://localhost/api/v1/imports/x'), routeParams(other().jobIds[0]!)))
          .status,
        'LEAK: GET /api/v1/imports/[id]',
      ).toBe(404);
      expect(
        (await getImportRoute(new NextRequest('http://localhost/api/v1/imports/x'), routeParams(me().jobIds[0]!)))
          .status,
      ).toBe(200);
    });
  });

  describe('registry (lib/registry/queries.ts)', () => {
    it("syncDashboard: counts per state are the caller's own, not the sum", async () => {
      const d = await syncDashboard(me().actor);
      const expected = Object.fromEntries(REGISTRY_STATES.map((s) => [s, 0])) as Record<RegistryState, number>;
      for (const p of me().people) expected[p.registry ?? 'not_sent'] += 1;
      expect(d.counts, `syncDashboard counts as ${meTag}`).toEqual(expected);
      expect(d.sentLastHour, 'syncDashboard sentLastHour').toBe(1);
      expect(d.sentLastDay, 'syncDashboard sentLastDay').toBe(1);
      expect(d.oldestPendingAt).not.toBeNull();
    });

    it("syncDashboard: problems are the caller's members only", async () => {
      const d = await syncDashboard(me().actor);
      expectOnly(
        'syncDashboard problems',
        d.problems.map((p) => p.memberId),
        me(),
        [me().enrolled.spouse, me().look.sreypov],
      );
      expect(d.problems.find((p) => p.lastError)?.lastError).toBe(`timeout ${meTag}`);
    });

    it("openReviews: the caller's open review only", async () => {
      const list = await openReviews(me().actor);
      expectOnly(
        'openReviews (ids)',
        list.map((r) => r.id),
        me(),
        [me().reviewId],
      );
      expectOnly(
        'openReviews (members)',
        list.map((r) => r.memberId),
        me(),
        [me().look.samnang],
      );
      expect(list[0]!.candidateSpid).toBe(`SPID-CANDIDATE-${meTag}`);
    });

    it("membersSync: asked for both operators' members, answers for the caller's only", async () => {
      const all = [...S.A.people, ...S.B.people].map((p) => p.id);
      const m = await membersSync(me().actor, all);
      expectOnly('membersSync', [...m.keys()], me(), ids(me().people));
      expect(m.get(me().enrolled.head)?.spid).toMatch(new RegExp(`^SPID-${meTag}-`));
    });

    it("memberSync: the other operator's member is null; the caller's has its own SPID and check", async () => {
      for (const p of other().people)
        expect(await memberSync(me().actor, p.id), `LEAK: memberSync(${otherTag}'s member)`).toBeNull();
      const own = await memberSync(me().actor, me().enrolled.head);
      expect(own).toMatchObject({ state: 'has_spid', verification: { match: 'full', xRoadId: `XR-${meTag}` } });
      expect(own!.spid).toMatch(new RegExp(`^SPID-${meTag}-`));
    });
  });

  describe('records (lib/records/read.ts, lib/records/history.ts, GET /api/v1/households|members/[id])', () => {
    it("findHousehold / householdRecord: the other operator's households are not found", async () => {
      for (const id of other().householdIds) {
        await expectNotFound(`findHousehold(${otherTag}'s household)`, findHousehold(me().actor, id));
        await expectNotFound(`householdRecord(${otherTag}'s household)`, householdRecord(me().actor, id));
      }
      expect((await findHousehold(me().actor, me().enrolled.householdId)).code).toBe(me().enrolled.code);
    });

    it("householdMembers: the other operator's household has no members for the caller", async () => {
      for (const id of other().householdIds)
        expect(await householdMembers(me().actor, id), `LEAK: householdMembers(${otherTag}'s household)`).toEqual([]);
      expectOnly(
        'householdMembers (own)',
        (await householdMembers(me().actor, me().look.householdId)).map((m) => m.id),
        me(),
        [me().look.sreypov, me().look.samnang],
      );
    });

    it("findMember: the other operator's members are not found", async () => {
      for (const p of other().people) {
        await expectNotFound(`findMember(${otherTag}'s member)`, findMember(me().actor, p.id));
      }
      expect((await findMember(me().actor, me().enrolled.head)).khmerId).toBe(SHARED.headKhmerId);
    });

    it("GET /api/v1/households/[id] and /api/v1/members/[id]: the other operator's are 404", async () => {
      await signInAs(me().viewerId);
      const hh = (id: string) =>
        getHouseholdRoute(new NextRequest(`http://localhost/api/v1/households/${id}`), routeParams(id));
      const mm = (id: string) =>
        getMemberRoute(new NextRequest(`http://localhost/api/v1/members/${id}`), routeParams(id));
      expect((await hh(other().enrolled.householdId)).status, 'LEAK: GET /api/v1/households/[other]').toBe(404);
      expect((await mm(other().enrolled.head)).status, 'LEAK: GET /api/v1/members/[other]').toBe(404);
      expect((await hh(me().enrolled.householdId)).status).toBe(200);
      expect((await mm(me().enrolled.head)).status).toBe(200);
    });

    it("memberHistory / householdHistory: the other operator's ids have no history for the caller", async () => {
      for (const p of other().people)
        expect(await memberHistory(me().actor, p.id), `LEAK: memberHistory(${otherTag}'s member)`).toEqual([]);
      for (const id of other().householdIds)
        expect(await householdHistory(me().actor, id), `LEAK: householdHistory(${otherTag}'s household)`).toEqual([]);
      const own = await memberHistory(me().actor, me().enrolled.head);
      expect(own.map((e) => e.action)).toEqual(['member.create']);
      expect((await householdHistory(me().actor, me().enrolled.householdId)).length).toBeGreaterThanOrEqual(4);
    });

    it("historyRefs: given the other operator's history, names none of its households or members", async () => {
      const theirs = await householdHistory(other().actor, other().enrolled.householdId);
      expect(theirs.length).toBeGreaterThan(0);
      const refs = await historyRefs(me().actor, theirs);
      expect(refs.householdCodes, 'LEAK: historyRefs householdCodes').toEqual({});
      expect(refs.memberNames, 'LEAK: historyRefs memberNames').toEqual({});
    });
  });

  describe('duplicate checks at enrolment (lib/households/enrol.ts)', () => {
    it("enrolHousehold: the same Khmer IDs are the caller's own members only", async () => {
      const r = await enrolHousehold(me().actor, enrolmentSchema.parse(lookAlikeEnrolment()));
      expect(r.status).toBe('duplicates');
      if (r.status !== 'duplicates') return;
      expectOnly(
        'enrolHousehold sameKhmerId',
        r.sameKhmerId.map((c) => c.memberId),
        me(),
        [me().enrolled.head, me().enrolled.spouse],
      );
    });

    it("enrolHousehold: similar people (same names, dates, commune) are the caller's own members only", async () => {
      const r = await enrolHousehold(me().actor, enrolmentSchema.parse(lookAlikeEnrolment(false)));
      expect(r.status).toBe('duplicates');
      if (r.status !== 'duplicates') return;
      expectOnly('enrolHousehold similar', [...new Set(r.similar.map((c) => c.memberId))], me(), [
        me().enrolled.head,
        me().enrolled.spouse,
        me().enrolled.child,
      ]);
    });
  });
});

describe('an operator with no members (C) among A and B', () => {
  it('initialSearch / operatorHasMembers: C has no members', async () => {
    const none = await initialSearch(C.actor, { q: 'zzzz' }, 'en');
    expect(none.result?.items).toEqual([]);
    expect(none.hasMembers, "LEAK: operatorHasMembers counted another operator's members").toBe(false);
    const all = await initialSearch(C.actor, {}, 'en');
    expect(all.result?.items, 'LEAK: initialSearch with no filter').toEqual([]);
    expect(all.hasMembers).toBe(false);
  });

  it('searchMembers, exportMembers: nothing, for every kind of search', async () => {
    for (const [name, params] of SEARCHES) {
      const p = params(S.A, S.B);
      expect(await searchAll(C.actor, p), `LEAK: searchMembers ${name} as C`).toEqual([]);
      const { body } = await exportMembers(C.actor, 'csv', exportFilters(p));
      expect(csvRows(await drain(body)), `LEAK: exportMembers ${name} as C`).toEqual([]);
    }
  });

  it("listStaff, listImportJobs, openReviews, syncDashboard, listAudit, listAuditActions: only C's own (almost nothing)", async () => {
    expect(
      (await listStaff(C.actor)).map((u) => u.id),
      'LEAK: listStaff as C',
    ).toEqual([C.adminId]);
    expect(await listImportJobs(C.actor, 'en'), 'LEAK: listImportJobs as C').toEqual([]);
    expect(await openReviews(C.actor), 'LEAK: openReviews as C').toEqual([]);
    const d = await syncDashboard(C.actor);
    expect(
      Object.values(d.counts).every((n) => n === 0),
      `LEAK: syncDashboard counts as C ${JSON.stringify(d.counts)}`,
    ).toBe(true);
    expect([d.sentLastHour, d.sentLastDay, d.oldestPendingAt, d.problems], 'LEAK: syncDashboard flow as C').toEqual([
      0,
      0,
      null,
      [],
    ]);
    await exportsSettled();
    const own = await ownAuditIds(C.actor.operatorId);
    expect(sorted(await allAudit(C.actor)), 'LEAK: listAudit as C').toEqual(sorted(own));
    const actions = await listAuditActions(C.actor);
    expect(
      actions.filter((a) => !a.startsWith('export.')),
      'LEAK: listAuditActions as C',
    ).toEqual([]);
  });
});

describe('an operator enrolling the household A and B both hold (D)', () => {
  it('enrolHousehold: no duplicate is offered from A or B, so the household is saved', async () => {
    const r = await enrolHousehold(D, enrolmentSchema.parse(lookAlikeEnrolment()));
    expect(r, "LEAK: enrolHousehold offered another operator's people as duplicates").toMatchObject({
      status: 'saved',
    });
  });
});
