// The items of `npm run bench`, in order: the read items first (nothing else running), then the writes,
// whose registry messages the sync item drains at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';
import type { Request } from 'autocannon';
import type { Locale } from '@/db/schema/accounts';
import type { OperatorUser } from '@/lib/auth/guards';
import { searchParamsSchema, type SearchParamsInput } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { inputsFor } from '../bench-search/inputs';
import { freePeriod, PASSWORD, prepareDatabase, prepareFixture, READER, READ_OPERATOR, WRITER } from './fixtures';
import { actionId, actionRequest, signIn } from './http';
import { enrolmentInput, importFile } from './inputs';
import { load, memoryWatch, perAnswer, postgresCpuMs, round, summarise, type Figures } from './load';
import { buildIfNeeded, startPeer, startServer, startWorker } from './processes';
import { printTable, type Row } from './report';

export interface Options {
  quick: boolean;
  databaseUrl: string;
  port: number;
  peerPort: number;
  seconds: number;
  only?: string;
  /** Write the server's CPU profile to bench/results/profiles when it stops. */
  profile: boolean;
  dataDir: string;
  load: () => number;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const CONNECTIONS = [1, 8, 32];

interface Query {
  kind: string;
  params: SearchParamsInput;
  locale: Locale;
}

function searchPath(params: SearchParamsInput): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  return `/api/v1/search?${q}`;
}

async function searchQueries(sql: postgres.Sql, actor: OperatorUser, n: number): Promise<Query[][]> {
  const kinds = await inputsFor(sql, actor, n);
  const lists: Query[][] = [];
  for (const [kind, samples] of Object.entries(kinds)) {
    const list: Query[] = [];
    for (const s of samples) {
      const locale: Locale = s.locale ?? 'km';
      let params = s.params;
      if (s.secondPage) {
        // The second page's cursor comes from its first page (untimed), as the page's client gets it.
        const first = await searchMembers(actor, searchParamsSchema.parse(params), locale);
        if (!first.nextCursor) continue;
        params = { ...params, cursor: first.nextCursor as never };
      }
      list.push({ kind, params, locale });
    }
    lists.push(list);
  }
  return lists;
}

/** The same queries through lib/search in this process, one at a time for `seconds`. */
async function library(actor: OperatorUser, queries: Query[], seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  const parsed = queries.map((q) => ({ params: searchParamsSchema.parse(q.params), locale: q.locale }));
  for (const q of parsed.slice(0, 5)) await searchMembers(actor, q.params, q.locale);
  const cpu = process.cpuUsage();
  const dbCpu = postgresCpuMs();
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const q = parsed[i % parsed.length]!;
    const t = performance.now();
    await searchMembers(actor, q.params, q.locale);
    latencies.push(performance.now() - t);
  }
  const figures = summarise(latencies, (performance.now() - started) / 1000, 0, 0);
  const used = process.cpuUsage(cpu);
  figures.cpuMs = perAnswer((used.user + used.system) / 1000, latencies.length);
  figures.dbCpuMs = perAnswer(postgresCpuMs() - dbCpu, latencies.length);
  return figures;
}

/** A one-off step (a generation, an upload and its import), timed with the memory of `pid` sampled. */
async function once(pid: number, step: () => Promise<boolean>): Promise<Figures> {
  const stop = memoryWatch(pid);
  const started = performance.now();
  const ok = await step();
  const ms = performance.now() - started;
  return { ...summarise([ms], ms / 1000, ok ? 0 : 1, stop()) };
}

export async function run(o: Options): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = o.load();
  buildIfNeeded();
  const handle = await prepareDatabase(o.databaseUrl, o.quick);
  const sql = handle.client as postgres.Sql;
  const fixture = await prepareFixture(handle, o.quick);
  const [members = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from members`;
  const peer = await startPeer(o.peerPort);
  const server = await startServer({
    port: o.port,
    databaseUrl: o.databaseUrl,
    dataDir: o.dataDir,
    peerUrl: peer.url,
    profileDir: o.profile ? path.join(process.cwd(), 'bench', 'results', 'profiles') : undefined,
  }).catch(async (e: unknown) => {
    // Not left running behind a failed start (it would hold its port for the next run).
    await peer.stop();
    throw e;
  });
  const rows: Row[] = [];
  const want = (item: string) => !o.only || o.only.split(',').some((p) => item.startsWith(p));
  const runId = Math.floor(Date.now() / 1000) % 100_000;
  try {
    out(
      `server pid ${server.pid} on ${server.url} (WEB_CONCURRENCY ${process.env.WEB_CONCURRENCY || 1}); ` +
        `${members.n.toLocaleString('en')} members; load ${o.load()}`,
    );
    const reader = await signIn(server.url, READER, PASSWORD);
    const writer = await signIn(server.url, WRITER, PASSWORD);
    const spec = (cookie: string, connections: number, next: (i: number) => Request, expect = 200) => ({
      url: server.url,
      connections,
      seconds: o.seconds,
      // Quick: a few answers per connection rather than a duration (on a busy machine a short
      // duration can end before the first answer).
      amount: o.quick ? Math.max(4, 2 * connections) : undefined,
      cookie,
      next,
      expect,
      serverPid: server.pid,
    });
    // Untimed answers first: the server's code for an item is compiled (V8) by its first answers, and
    // a deployed server has long done that. Without it the first item measured read 2–3 ms slower.
    const warm = (cookie: string, next: (i: number) => Request, expect = 200) =>
      load({ ...spec(cookie, 1, next, expect), amount: o.quick ? 2 : 60 });
    const measure = async (item: string, cookie: string, next: (i: number) => Request, expect = 200) => {
      await warm(cookie, next, expect);
      for (const c of CONNECTIONS) {
        const figures = await load(spec(cookie, c, next, expect));
        rows.push({ item, connections: c, figures, load: o.load() });
        out(`  ${item} ×${c}: p95 ${figures.p95} ms, ${figures.rps} req/s, ${figures.errors} errors`);
      }
    };

    if (want('sign-in page')) await measure('sign-in page', '', () => ({ path: '/signin' }));
    // What the app costs around a search: signed in, checked, refused for a bad parameter (400).
    if (want('signed-in 400')) await measure('signed-in 400', reader, () => ({ path: '/api/v1/search?limit=0' }), 400);

    const [user] = await sql<{ id: string }[]>`select id from users where email = ${READER}`;
    const actor: OperatorUser = {
      id: user!.id,
      sessionId: '00000000-0000-4000-8000-000000000001',
      operatorId: fixture.readOperatorId,
      email: READER,
      name: 'Benchmark',
      roles: ['viewer'],
      locale: null,
      mustChangePassword: false,
      operatorCode: READ_OPERATOR,
      isPlatformAdmin: false,
    };
    if (!o.only || o.only.split(',').some((p) => p.startsWith('search'))) {
      const kinds = (await searchQueries(sql, actor, o.quick ? 20 : 100)).filter((k) => k.length > 0);
      const request = (q: Query): Request => ({ path: searchPath(q.params), headers: { 'accept-language': q.locale } });
      for (const queries of kinds) {
        const item = `search: ${queries[0]!.kind}`;
        if (o.only && !want(item)) continue;
        // The library first, then HTTP at one connection: the ratio compares the two, back to back.
        const lib = await library(actor, queries, o.seconds);
        await warm(reader, (i) => request(queries[i % queries.length]!));
        let first = true;
        // Quick (CI): each kind at one connection; the mixed search below still runs at all three.
        for (const c of o.quick ? [1] : CONNECTIONS) {
          const figures = await load(spec(reader, c, (i) => request(queries[i % queries.length]!)));
          const row: Row = { item, connections: c, figures, load: o.load() };
          if (first) {
            row.library = {
              p50: lib.p50,
              p95: lib.p95,
              requests: lib.requests,
              cpuMs: lib.cpuMs ?? 0,
              dbCpuMs: lib.dbCpuMs ?? 0,
            };
            row.ratioP95 = Math.round((figures.p95 / Math.max(lib.p95, 0.1)) * 100) / 100;
            row.overheadP50 = round(figures.p50 - lib.p50);
            first = false;
          }
          rows.push(row);
        }
        const r = rows.find((x) => x.item === item && x.connections === 1)!;
        out(`  ${item}: HTTP p95 ${r.figures.p95} ms, library ${lib.p95} ms, overhead p50 ${r.overheadP50} ms`);
      }
      if (want('search: mixed')) {
        const mixed = kinds.flatMap((k, j) => k.map((q, i) => ({ q, order: i * kinds.length + j })));
        mixed.sort((a, b) => a.order - b.order);
        await measure('search: mixed', reader, (i) => request(mixed[i % mixed.length]!.q));
      }
    }
    if (want('household page'))
      await measure('household page', reader, (i) => ({
        path: `/households/${fixture.households[i % fixture.households.length]}`,
      }));
    if (want('member page'))
      await measure('member page', reader, (i) => ({
        path: `/members/${fixture.members[i % fixture.members.length]}`,
      }));

    if (want('enrolment')) {
      const id = actionId('app/(app)/households/new/actions.ts', 'enrolHouseholdAction');
      const [before] = await sql<
        { n: number }[]
      >`select count(*)::int as n from households where operator_id = ${fixture.writeOperatorId}`;
      let serial = 0;
      await measure('enrolment submit', writer, () =>
        actionRequest('/households/new', id, enrolmentInput(fixture.importVillages, runId, serial++)),
      );
      const [after] = await sql<
        { n: number }[]
      >`select count(*)::int as n from households where operator_id = ${fixture.writeOperatorId}`;
      // `serial` counts the requests autocannon prepared: a timed run ends before sending up to one per connection.
      out(`  enrolment: ${after!.n - before!.n} households saved of ${serial} requests prepared`);
      for (const r of rows.filter((x) => x.item === 'enrolment submit'))
        r.note = `${after!.n - before!.n} saved of ${serial} prepared in all`;
    }

    if (want('payment')) {
      const id = actionId('app/(app)/payments/actions.ts', 'generateListAction');
      const period = await freePeriod(handle, fixture.programmeId);
      const gen = await once(server.pid, async () => {
        const r = actionRequest('/payments/new', id, { programmeId: fixture.programmeId, period });
        const answer = await fetch(`${server.url}${r.path}`, {
          method: 'POST',
          headers: { ...r.headers, cookie: writer },
          body: r.body,
        });
        await answer.arrayBuffer();
        return answer.ok;
      });
      const [list] = await sql<{ id: string; line_count: number }[]>`
        select id, line_count from payment_lists where programme_id = ${fixture.programmeId} and period = ${period}`;
      rows.push({
        item: 'payment list: generate',
        connections: 1,
        figures: { ...gen, errors: list ? gen.errors : 1 },
        load: o.load(),
        note: `${list?.line_count ?? 0} lines`,
      });
      out(`  payment list ${period}: ${list?.line_count ?? 0} lines in ${gen.p50} ms`);
      if (list) {
        // Approval is another user's step (maker-checker); set directly, as bench:payments does.
        await sql`update payment_lists set status = 'approved', submitted_by = (select id from users where email = ${WRITER}),
          submitted_at = now(), approved_by = (select id from users where operator_id = ${fixture.writeOperatorId}
            and 'payment_approver' = any(roles) limit 1), approved_at = now() where id = ${list.id}`;
        for (const format of ['csv', 'xlsx']) {
          const latencies: number[] = [];
          let errors = 0;
          const stop = memoryWatch(server.pid);
          const started = performance.now();
          for (let k = 0; k < (o.quick ? 1 : 3); k++) {
            const t = performance.now();
            const answer = await fetch(`${server.url}/api/v1/payment-lists/${list.id}/file?format=${format}`, {
              headers: { cookie: writer },
            });
            await answer.arrayBuffer();
            if (!answer.ok) errors += 1;
            latencies.push(performance.now() - t);
          }
          const figures = summarise(latencies, (performance.now() - started) / 1000, errors, stop());
          rows.push({
            item: `payment list: export ${format}`,
            connections: 1,
            figures,
            load: o.load(),
            note: `${list.line_count} lines`,
          });
        }
      }
    }

    if (want('import')) {
      const size = o.quick ? 1_000 : 100_000;
      const file = importFile(size, fixture.importVillages, runId);
      let job = '';
      const figures = await once(server.pid, async () => {
        const answer = await fetch(`${server.url}/api/v1/imports/upload?name=bench-${runId}.csv&confirmSimilar=1`, {
          method: 'POST',
          headers: { cookie: writer, 'content-type': 'text/csv' },
          body: new Uint8Array(file),
        });
        const body = (await answer.json()) as { id?: string };
        if (!answer.ok || !body.id) return false;
        job = body.id;
        for (;;) {
          await new Promise((r) => setTimeout(r, o.quick ? 100 : 500));
          const s = (await (
            await fetch(`${server.url}/api/v1/imports/${job}`, { headers: { cookie: writer } })
          ).json()) as { status: string };
          if (!['queued', 'scanning', 'validating', 'importing'].includes(s.status)) return s.status === 'done';
        }
      });
      const [j] = await sql<
        {
          status: string;
          total_rows: number | null;
          created_households: number | null;
          created_members: number | null;
        }[]
      >`select status, total_rows, created_households, created_members from import_jobs where id = ${job || null}`;
      rows.push({
        item: `import ${size.toLocaleString('en')} rows`,
        connections: 1,
        figures,
        load: o.load(),
        note: j
          ? `${j.status}: ${j.total_rows ?? 0} rows, ${j.created_households ?? 0} households and ${j.created_members ?? 0} members created`
          : 'not uploaded',
      });
      out(`  import of ${size} rows: ${(figures.p50 / 1000).toFixed(1)} s`);
    }

    if (want('sync')) {
      const pending = async () =>
        (
          await sql<
            { n: number }[]
          >`select count(*)::int as n from registry_outbox where status in ('pending', 'in_flight', 'acked')`
        )[0]!.n;
      const start = await pending();
      const worker = startWorker({ databaseUrl: o.databaseUrl, dataDir: o.dataDir, peerUrl: peer.url });
      const stop = memoryWatch(worker.pid!);
      const started = performance.now();
      const limit = (o.quick ? 15 : 90) * 1000;
      let left = start;
      while (left > 0 && performance.now() - started < limit) {
        await new Promise((r) => setTimeout(r, 250));
        left = await pending();
      }
      const seconds = (performance.now() - started) / 1000;
      const peak = stop();
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      const synced = start - left;
      rows.push({
        item: 'sync (npm run worker → peer)',
        connections: 1,
        figures: { requests: synced, p50: 0, p95: 0, p99: 0, rps: round(synced / seconds), errors: 0, peakRssMb: peak },
        load: o.load(),
        note: `${synced} of ${start} queued members synced in ${seconds.toFixed(1)} s (worker's memory)`,
      });
      out(`  sync: ${synced} of ${start} in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await server.stop();
    await peer.stop();
    await handle.close();
  }

  printTable(rows);
  const result = {
    at: startedAt.toISOString(),
    quick: o.quick,
    members: members.n,
    secondsPerRun: o.seconds,
    machine: { cpus: os.cpus().length, node: process.version, loadAtStart, loadAtEnd: o.load() },
    // The server's processes (WEB_CONCURRENCY); CPU and memory figures are of all of them.
    serverProcesses: process.env.WEB_CONCURRENCY || '1',
    rows,
  };
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // A quick run (CI) overwrites one file, kept out of git; a full run keeps its own, by date.
  const file = path.join(
    dir,
    o.quick ? 'quick.json' : `${startedAt.toISOString().replace(/:/g, '-').slice(0, 19)}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  out(`written to ${path.relative(process.cwd(), file)}`);
}
