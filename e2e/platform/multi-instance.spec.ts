import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { SERVER_NODE_FLAGS } from '../../scripts/node-flags.mjs';
import { appDatabaseUrl, databaseUrl } from '../../test/helpers/database-url';
import { newAccount, newOperator, PASSWORDS, type Account } from '../fixtures/data';
import { logLines, ROOT, start, stop, stopAll, waitUntilAnswering, type Started } from '../fixtures/processes';
import { createOperator, createOperatorAdmin, createStaffAccount } from '../fixtures/provision';
import { gotoReady, signIn, signInFirstTime, signOut, submitSignIn, switchToEnglish } from '../fixtures/ui';

// Several app instances on one PostgreSQL (issue 15, docs/operations.md): two production instances of the
// build `npx playwright test` made (scripts/server.mjs, as `npm start` runs it), two `npm run worker`
// processes and a CamDX peer of their own, on ports beside the main e2e server's (E2E_MULTI_PORT, the next
// two for the second instance and the peer). The instances play two machines: separate DATA_DIRs, one
// NEXTAUTH_SECRET, trusted proxies set as behind the reverse proxy of the guide.
//
// It needs PostgreSQL (TEST_DATABASE_URL, as CI sets it): PGlite is one process's database and cannot be
// shared, which is the very thing tested here.

const baseDbUrl = process.env.TEST_DATABASE_URL;
test.skip(
  !baseDbUrl,
  'several instances share one PostgreSQL database: set TEST_DATABASE_URL (PGlite is one process only)',
);
test.describe.configure({ mode: 'serial' });

const firstPort = Number(process.env.E2E_MULTI_PORT ?? 3101);
const A = `http://localhost:${firstPort}`;
const B = `http://localhost:${firstPort + 1}`;
const peerPort = firstPort + 2;
const PEER = `http://127.0.0.1:${peerPort}`;
const LOGIN_LIMIT = 6;
const PLATFORM_ADMIN: Account = {
  name: 'Platform administrator',
  email: 'multi.admin@e2e.example.org',
  password: PASSWORDS.platformAdmin,
};
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const dbName = `sdp_multi_${randomBytes(5).toString('hex')}`;
const ownerUrl = baseDbUrl ? databaseUrl(baseDbUrl, dbName) : '';
/** The instances' DATA_DIRs, made in beforeAll (not when Playwright merely lists the file). */
let tmp = '';
let owner: postgres.Sql;
let peer: Started;
const instances = new Map<string, Started>();
const workers: Started[] = [];

const shared = {
  NODE_ENV: 'production',
  DATABASE_URL: baseDbUrl ? appDatabaseUrl(baseDbUrl, dbName) : '',
  MIGRATION_DATABASE_URL: ownerUrl,
  DATABASE_POOL_SIZE: '4',
  NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
  LOG_LEVEL: 'info',
  CAMDX_SECURITY_SERVER_URL: PEER,
  CAMDX_CLIENT_ID: 'CAMBODIA/COM/SDP-DEV/SDP',
  CAMDX_SPR_SERVICE_ID: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
  CAMDX_MOI_SERVICE_ID: 'CAMBODIA/GOV/MOI-DEV/KHMERID/khmerid',
  CAMDX_SYNC_INTERVAL_MS: '200',
  // Small batches, so that both workers have a share of the import's members.
  CAMDX_SYNC_BATCH: '25',
  // Each instance tries to seal the audit trail every second (one at a time does it).
  AUDIT_SEAL_INTERVAL_MS: '1000',
};

/** An app instance as `npm start` runs it, the registry sync left to the separate workers. */
function startInstance(base: string, extra: Record<string, string> = {}): Started {
  const port = new URL(base).port;
  const p = start(
    `instance ${port}`,
    process.execPath,
    [...SERVER_NODE_FLAGS, path.join(ROOT, 'scripts', 'server.mjs')],
    {
      ...shared,
      PORT: port,
      HOSTNAME: '',
      NEXTAUTH_URL: base,
      DATA_DIR: path.join(tmp, `instance-${port}`),
      INITIAL_ADMIN_EMAIL: PLATFORM_ADMIN.email,
      INITIAL_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
      INITIAL_ADMIN_NAME: PLATFORM_ADMIN.name,
      LOGIN_MAX_PER_ADDRESS: String(LOGIN_LIMIT),
      // As behind the guide's nginx on the same host: the proxy's address is trusted, its X-Forwarded-For believed.
      TRUSTED_PROXIES: '127.0.0.1,::1',
      CAMDX_WORKER: 'off',
      ...extra,
    },
  );
  instances.set(base, p);
  return p;
}

function startWorker(): Started {
  const n = workers.length + 1;
  const p = start(
    `worker ${n}`,
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', 'scripts/worker.ts'],
    {
      ...shared,
      DATA_DIR: path.join(tmp, `worker-${n}`),
    },
  );
  workers.push(p);
  return p;
}

async function health(base: string) {
  const res = await fetch(`${base}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    status: string;
    database: string;
    instance: {
      id: string;
      hostname: string;
      pid: number;
      version: string;
      build: string | null;
      registryWorker: boolean;
    };
  };
}

async function newPage(
  browser: Browser,
  base: string,
  headers?: Record<string, string>,
): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ baseURL: base, extraHTTPHeaders: headers });
  return [context, await context.newPage()];
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sdp-multi-'));
  const admin = postgres(baseDbUrl!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  owner = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  peer = start(
    'camdx peer',
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['camdx-peer/main.ts', '--port', String(peerPort)],
    {},
  );
  // Everything starts at once on the empty database, as a deployment's first start may: the migrations run
  // once (under their lock), one instance creates the platform administrator, the others find them.
  const [a, b] = [startInstance(A), startInstance(B)];
  const w = startWorker();
  await Promise.all([
    waitUntilAnswering(peer, `${PEER}/__peer/health`),
    waitUntilAnswering(a, `${A}/api/health`),
    waitUntilAnswering(b, `${B}/api/health`),
  ]);
  await expect
    .poll(() => logLines(w).some((l) => l.event === 'registry.worker_started'), { timeout: 60_000 })
    .toBe(true);
  const [admins] = await owner<{ n: number }[]>`select count(*)::int as n from users where is_platform_admin`;
  expect(admins!.n).toBe(1);
});

test.afterAll(async () => {
  await stopAll();
  await owner?.end();
  if (baseDbUrl) {
    const admin = postgres(baseDbUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Playwright requires a destructuring pattern as the first argument, even when no fixture is used.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const p of [...instances.values(), ...workers, peer])
    if (p) await testInfo.attach(`${p.name}.log`, { body: p.output().slice(-20_000), contentType: 'text/plain' });
});

test('/api/health reports each instance', async () => {
  const [a, b] = [await health(A), await health(B)];
  for (const [answer, base] of [
    [a, A],
    [b, B],
  ] as const) {
    expect(answer).toMatchObject({ status: 'ok', database: 'ok', instance: { version, registryWorker: false } });
    expect(answer.instance.pid).toBe(instances.get(base)!.child.pid);
    expect(answer.instance.id).toBe(`${answer.instance.hostname}:${answer.instance.pid}`);
  }
  expect(a.instance.id).not.toBe(b.instance.id);
  // One deployment, one build.
  expect(a.instance.build).toBeTruthy();
  expect(a.instance.build).toBe(b.instance.build);
});

test('a session made on one instance works on the other, and signing out on that one ends it on both', async ({
  browser,
}) => {
  const [context, page] = await newPage(browser, A);
  await signIn(page, PLATFORM_ADMIN);
  await switchToEnglish(page);
  await gotoReady(page, `${B}/admin/operators`);
  await expect(page.getByRole('heading', { level: 1, name: 'Operators' })).toBeVisible();
  await signOut(page);
  expect(new URL(page.url()).origin).toBe(B);
  await gotoReady(page, `${A}/admin/operators`);
  await expect(page).toHaveURL(/\/signin/);
  await context.close();
});

let officer: Account;
let officerContext: BrowserContext;

test('staff are provisioned across the two instances', async ({ browser }) => {
  test.setTimeout(180_000);
  const operator = newOperator();
  const operatorAdmin = newAccount('Operator Admin');
  // The platform administrator works on A: the gazetteer (the import's villages), an operator and its administrator.
  const [adminContext, onA] = await newPage(browser, A);
  await signIn(onA, PLATFORM_ADMIN);
  await switchToEnglish(onA);
  await gotoReady(onA, '/admin/gazetteer');
  await onA
    .getByLabel('Gazetteer files', { exact: true })
    .setInputFiles(path.join(ROOT, 'test', 'fixtures', 'gazetteer', 'pumi-admin-units-flat.csv'));
  await onA.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(onA.getByText('The edition was imported.')).toBeVisible({ timeout: 60_000 });
  await gotoReady(onA, '/admin/operators');
  await createOperator(onA, operator);
  await onA.getByRole('link', { name: operator.code, exact: true }).click();
  await createOperatorAdmin(onA, operatorAdmin);
  await adminContext.close();

  // The operator's administrator signs in first on B and makes an enrolment officer there.
  const [bContext, onB] = await newPage(browser, B);
  const activeAdmin = await signInFirstTime(onB, operatorAdmin, PASSWORDS.chosen);
  await gotoReady(onB, '/admin/users');
  const account = newAccount('Import Officer');
  await createStaffAccount(onB, account, ['Enrolment officer']);
  expect(activeAdmin.email).toBe(operatorAdmin.email);
  await bContext.close();

  // The officer's first sign-in is on A.
  [officerContext] = await newPage(browser, A);
  officer = await signInFirstTime(await officerContext.newPage(), account, PASSWORDS.chosen);
});

// The import's people: unique Khmer surnames (the registry would hold look-alikes for review), four to a household.
const LETTERS = [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ'];
const khmerName = (i: number) =>
  [0, 1, 2].map((k) => LETTERS[Math.floor(i / LETTERS.length ** k) % LETTERS.length]).join('');
// 160 messages of 25 records: within the 500 requests the peer remembers (GET /__peer/requests).
const HOUSEHOLDS = 1000;
const MEMBERS = HOUSEHOLDS * 4;

function importFile(): Buffer {
  // The columns by their keys (lib/imports/columns.ts), which a header may use as well as its labels.
  const header = [
    'household_ref',
    'village_code',
    'surname_km',
    'given_name_km',
    'sex',
    'birth_date',
    'relationship',
    'khmer_id',
    'household_phone',
  ];
  const rows = [header.join(',')];
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const ref = `MI-${h}`;
    const village = h % 2 ? '23010102' : '23010101';
    rows.push(`${ref},${village},${khmerName(h * 4)},ដារ៉ា,M,1975-04-12,head,${400_000_000 + h},012 345 678`);
    rows.push(`${ref},,${khmerName(h * 4 + 1)},សុភា,F,1979-09-30,spouse,,`);
    rows.push(`${ref},,${khmerName(h * 4 + 2)},វិចិត្រ,M,2005-01-15,child,,`);
    rows.push(`${ref},,${khmerName(h * 4 + 3)},ស្រីនាង,F,2012-07-01,child,,`);
  }
  return Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`);
}

let jobId: string;

test('an import uploaded to one instance runs once, though the other starts up while it runs', async () => {
  test.setTimeout(300_000);
  // A second sync worker, so that the import's members are claimed by two (next test).
  const second = startWorker();
  await expect
    .poll(() => logLines(second).some((l) => l.event === 'registry.worker_started'), { timeout: 60_000 })
    .toBe(true);

  // B goes down; the file is uploaded to A; B starts again while A holds the job. B's start-up looks for
  // unfinished jobs to resume: this one is A's (claimed), so B neither runs it nor marks it interrupted.
  // So that the job is certainly unfinished while B starts, whatever the machine's speed, a transaction of
  // the test's holds it at its first step (clearing its report rows) until B is up.
  let releaseJob!: () => void;
  const held = new Promise<void>((resolve) => (releaseJob = resolve));
  let jobHeld!: () => void;
  const holding = new Promise<void>((resolve) => (jobHeld = resolve));
  const transaction = owner.begin(async (tx) => {
    await tx`lock table import_job_errors in exclusive mode`;
    jobHeld();
    await held;
  });
  try {
    await holding;
    await stop(instances.get(B)!);
    const upload = await officerContext.request.post(`${A}/api/v1/imports/upload?name=multi-instance.csv`, {
      headers: { Origin: A, 'Content-Type': 'text/csv' },
      data: importFile(),
    });
    expect(upload.status()).toBe(201);
    jobId = ((await upload.json()) as { id: string }).id;
    // Next.js serves nothing before instrumentation.ts has run: B has looked for jobs to resume once it answers.
    await waitUntilAnswering(startInstance(B), `${B}/api/health`);
    const [whenBWasUp] = await owner<{ status: string }[]>`select status from import_jobs where id = ${jobId}`;
    expect(whenBWasUp!.status).toBe('queued');
  } finally {
    releaseJob();
    await transaction;
  }

  // Followed on B, through the API.
  await expect
    .poll(
      async () => {
        const res = await officerContext.request.get(`${B}/api/v1/imports/${jobId}`);
        return ((await res.json()) as { status: string }).status;
      },
      { timeout: 240_000, intervals: [1_000] },
    )
    .toBe('done');

  const [job] = await owner<{ status: string; created_members: number; created_households: number }[]>`
    select status, created_members, created_households from import_jobs where id = ${jobId}`;
  expect(job).toEqual({ status: 'done', created_members: MEMBERS, created_households: HOUSEHOLDS });
  // One upload, one end, and each batch written once (a second run would have found its rows and skipped them).
  const audit = await owner<{ action: string; n: number; households: number; members: number; ends: string }[]>`
    select action, count(*)::int as n, sum((after->>'households')::int)::int as households,
      sum((after->>'members')::int)::int as members, string_agg(coalesce(after->>'status', '-'), ',') as ends
    from audit_log where entity_type = 'import_job' and entity_id = ${jobId} group by action order by action`;
  expect([...audit]).toEqual([
    {
      action: 'household.import',
      n: expect.any(Number),
      households: HOUSEHOLDS,
      members: MEMBERS,
      ends: expect.any(String),
    },
    { action: 'import.finish', n: 1, households: null, members: null, ends: 'done' },
    { action: 'import.upload', n: 1, households: null, members: null, ends: '-' },
  ]);
  const [counts] = await owner<{ members: number; outbox: number }[]>`
    select (select count(*)::int from members) as members, (select count(*)::int from registry_outbox) as outbox`;
  expect(counts).toEqual({ members: MEMBERS, outbox: MEMBERS });
  // B saw the job at start-up and left it to A.
  expect(logLines(instances.get(B)!).filter((l) => l.jobId === jobId)).toEqual([]);
});

test('two sync workers claim each member once: one SPID each, each record sent to the registry once', async () => {
  test.setTimeout(300_000);
  await expect
    .poll(
      async () =>
        (await owner<{ n: number }[]>`select count(*)::int as n from registry_outbox where status <> 'done'`)[0]!.n,
      { timeout: 240_000, intervals: [1_000] },
    )
    .toBe(0);
  const [spids] = await owner<{ members: number; with_spid: number; distinct_spids: number }[]>`
    select count(*)::int as members, count(r.spid)::int as with_spid, count(distinct r.spid)::int as distinct_spids
    from members m left join member_registry r on r.member_id = m.id and r.state = 'has_spid'`;
  expect(spids).toEqual({ members: MEMBERS, with_spid: MEMBERS, distinct_spids: MEMBERS });

  // What the registry received: every record of ours, each once.
  const { requests } = (await (await fetch(`${PEER}/__peer/requests`)).json()) as {
    requests: { url: string; body: string }[];
  };
  const sent = requests
    .filter((r) => r.url.includes('/registry/sync/enrollment/updates'))
    .flatMap((r) => [...r.body.matchAll(/"reference_id":"([^"]+)"/g)].map((m) => m[1]!));
  const references = await owner<{ reference_id: string }[]>`select reference_id from registry_outbox`;
  expect(sent.length).toBe(MEMBERS);
  expect(new Set(sent)).toEqual(new Set(references.map((r) => r.reference_id)));
  const state = (await (await fetch(`${PEER}/__peer/state`)).json()) as { persons: number };
  expect(state.persons).toBe(MEMBERS);

  // Both workers took part, in batches of their own.
  const batchesOf = (w: Started) =>
    logLines(w)
      .filter((l) => l.event === 'registry.batch')
      .map((l) => l.xRoadId as string);
  const [first, second] = workers.map(batchesOf) as [string[], string[]];
  expect(first.length).toBeGreaterThan(0);
  expect(second.length).toBeGreaterThan(0);
  expect(first.filter((id) => second.includes(id))).toEqual([]);
});

/** `npm run audit:verify -- <args>` against the instances' database, as the app's role. */
function auditVerify(args: string[]) {
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', 'scripts/audit.ts', 'verify', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...shared, DATA_DIR: tmp } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('the instances seal the audit trail into one chain, which npm run audit:verify checks', async () => {
  test.setTimeout(180_000);
  // Everything written so far (sign-ins, the staff provisioned, the import) is sealed
  // within a few rounds, by whichever instance's round came first.
  const unsealed = async () =>
    (
      await owner<{ n: number }[]>`
        select count(*)::int as n from audit_log where id > (select coalesce(max(upto_id), 0) from audit_seals)`
    )[0]!.n;
  await expect.poll(unsealed, { timeout: 60_000, intervals: [500] }).toBe(0);
  const [head] = await owner<{ seq: string; digest: string; rows: number }[]>`
    select s.seq::text, s.digest, (select count(*)::int from audit_log) as rows
    from audit_seals s order by s.seq desc limit 1`;
  expect(head!.rows).toBeGreaterThan(5);

  // Each round's last seal is logged with its digest, once: the heads kept outside the database.
  const logged = [...instances.values()].flatMap((p) => logLines(p).filter((l) => l.event === 'audit.sealed'));
  const seqs = logged.map((l) => l.seq as number);
  expect(new Set(seqs).size).toBe(seqs.length);
  const last = logged.find((l) => l.seq === Math.max(...seqs))!;
  const expectHead = `${last.seq as number}:${last.digest as string}`;

  const intact = auditVerify(['--expect', expectHead]);
  expect(intact.out).toMatch(new RegExp(`seals cover ${head!.rows} audit rows`));
  expect(intact.out).toMatch(/\nintact\n?$/);
  expect(intact.status).toBe(0);

  // The owner switches the trigger off and changes a sealed row: the command names the seal, exit 2.
  const [row] = await owner<
    { id: string; action: string }[]
  >`select id::text, action from audit_log order by id limit 1`;
  const change = (action: string) =>
    owner.begin(async (tx) => {
      await tx`alter table audit_log disable trigger audit_log_no_update_delete`;
      await tx`update audit_log set action = ${action} where id = ${row!.id}`;
      await tx`alter table audit_log enable trigger audit_log_no_update_delete`;
    });
  await change('tampered');
  try {
    const broken = auditVerify(['--expect', expectHead]);
    expect(broken.out).toMatch(/BROKEN seal 1 \(ids 1–\d+\): the rows differ from what was sealed/);
    expect(broken.out).toMatch(/NOT INTACT/);
    expect(broken.status).toBe(2);
  } finally {
    await change(row!.action);
  }
  expect(auditVerify([]).status).toBe(0);
});

test('the sign-in rate limit counts the failures on both instances together', async ({ browser }) => {
  // One client (as the proxy reports it) alternating between the instances.
  const client = { 'X-Forwarded-For': '198.51.100.23' };
  const [context, page] = await newPage(browser, A, client);
  const attempt = async (base: string) => {
    await gotoReady(page, `${base}/signin`);
    return submitSignIn(page, 'nobody.here@e2e.example.org', PASSWORDS.wrong);
  };
  for (let i = 0; i < LOGIN_LIMIT; i++) expect(await attempt(i % 2 ? B : A), `attempt ${i + 1}`).toBe('INVALID');
  // The limit is reached with half the failures on each: both refuse now, even the right password.
  expect(await attempt(A)).toBe('RATE_LIMITED');
  await gotoReady(page, `${B}/signin`);
  expect(await submitSignIn(page, officer.email, officer.password)).toBe('RATE_LIMITED');
  await context.close();
  const [row] = await owner<{ failed: number; limited: number }[]>`
    select (select count(*)::int from login_attempts where client_address = '198.51.100.23' and not succeeded) as failed,
      (select count(*)::int from audit_log where action = 'auth.sign_in_rate_limited' and entity_id = '198.51.100.23') as limited`;
  expect(row).toEqual({ failed: LOGIN_LIMIT, limited: 1 });
  // Another client is not affected.
  const [other, otherPage] = await newPage(browser, B, { 'X-Forwarded-For': '198.51.100.99' });
  await signIn(otherPage, officer);
  await other.close();
  await officerContext.close();
});

/** A GET on a connection of its own (cluster hands out connections, not requests): status and body. */
function freshGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

test('WEB_CONCURRENCY=2: one address served by two processes, which take the same sessions', async ({ browser }) => {
  test.setTimeout(240_000);
  const C = `http://localhost:${firstPort + 3}`;
  const c = startInstance(C, { WEB_CONCURRENCY: '2' });
  await waitUntilAnswering(c, `${C}/api/health`);
  // Each new connection goes to one of the two: both answer, and neither is the primary process.
  const pids = new Set<number>();
  for (let i = 0; i < 40 && pids.size < 2; i++) {
    const { status, body } = await freshGet(`${C}/api/health`);
    expect(status).toBe(200);
    pids.add((JSON.parse(body) as { instance: { pid: number } }).instance.pid);
  }
  expect(pids.size).toBe(2);
  expect(pids.has(c.child.pid!)).toBe(false);

  // A session made on A is good on C, whichever of its processes answers: signed in, the search
  // refuses the bad parameter (400) instead of the missing session (401).
  const [context, page] = await newPage(browser, A);
  await signIn(page, officer);
  const cookie = (await context.cookies(A)).map((k) => `${k.name}=${k.value}`).join('; ');
  await context.close();
  for (let i = 0; i < 6; i++) expect((await freshGet(`${C}/api/v1/search?limit=0`, { cookie })).status).toBe(400);
  expect((await freshGet(`${C}/api/v1/search?limit=0`)).status).toBe(401);

  // SIGTERM stops the primary and both processes.
  await stop(c);
  await expect(freshGet(`${C}/api/health`)).rejects.toThrow();
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
});
