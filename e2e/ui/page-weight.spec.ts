import { readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Response } from '@playwright/test';
import { asPlatformAdmin, inNewContext, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, waitForHydration } from '../fixtures/ui';
import { activeProgramme } from '../enrolments/programme';
import { ensureGazetteer } from '../records/gazetteer';
import { enrol, khmerName } from '../records/helpers';
import { openMember } from '../registry/helpers';

// Issue 14, "Page weight, enforced": the JavaScript a browser downloads to show each page of the app,
// measured the way the user gets it (the production build, a real browser, nothing cached), stays
// within 250 kB gzip on every page. Every JavaScript response a page loads until the network is idle —
// its own chunks, the shared framework, and what it imports lazily after hydration — is gzipped at
// level 9 (what a server's gzip or a CDN sends at most; Next's own server compresses at the default
// level, a few per cent larger), de-duplicated by address and summed. The table is printed in the run's
// output; the test fails naming every page over the budget.

const BUDGET = 250_000; // bytes (kB = 1,000 bytes)
const HELP_AREAS = ['households', 'programmes', 'payments', 'grievances', 'registry', 'admin'];

interface Weight {
  path: string;
  gzip: number;
  raw: number;
  scripts: number;
  /** The HTML document, gzip -9: not budgeted; it carries the server's render and the messages of the page's language. */
  html: number;
  /** Each script's address and gzip size, printed under the table with PAGE_WEIGHT_DETAIL=1. */
  detail: [string, number][];
  problem?: string;
}

/**
 * Turns the browser's cache off for this page (Chrome DevTools protocol: the project runs Chromium),
 * so each page is measured as a first visit: a chunk another page loaded counts again here.
 */
async function uncached(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

async function idle(page: Page) {
  // A page that polls (import jobs, registry states) may never be quiet for long: measure what it had by then.
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
}

/** Loads `path` and weighs the JavaScript it brought: its own chunks and those it imported lazily. */
async function weigh(page: Page, path: string): Promise<Weight> {
  const bodies = new Map<string, Promise<Buffer | null>>();
  const seen = (r: Response) => {
    if (r.request().resourceType() !== 'script' || bodies.has(r.url())) return;
    bodies.set(
      r.url(),
      r.body().catch(() => null),
    );
  };
  page.on('response', seen);
  let problem: string | undefined;
  let html = 0;
  try {
    const response = await page.goto(path, { waitUntil: 'load' });
    await waitForHydration(page);
    await idle(page);
    html = response ? gzipSync(await response.body(), { level: 9 }).length : 0;
    const landed = new URL(page.url());
    if (!response?.ok()) problem = `HTTP ${response?.status()}`;
    else if (`${landed.pathname}${landed.search}` !== path) problem = `went to ${landed.pathname}`;
  } finally {
    page.off('response', seen);
  }
  let gzip = 0;
  let raw = 0;
  const detail: Weight['detail'] = [];
  for (const [url, pending] of bodies) {
    const body = await pending;
    if (!body) continue;
    const size = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += size;
    detail.push([new URL(url).pathname, size]);
  }
  return { path, gzip, raw, scripts: bodies.size, html, detail, problem };
}

async function weighAll(page: Page, paths: string[]): Promise<Weight[]> {
  await uncached(page);
  const weights: Weight[] = [];
  for (const path of paths) weights.push(await weigh(page, path));
  return weights;
}

/** A place-holder for the ids in a path, so the table reads "/households/:id". */
const shown = (path: string) =>
  path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\?.*/, (q) => q.slice(0, 20));

function table(weights: Weight[]): string {
  const kb = (n: number) => (n / 1000).toFixed(1).padStart(7);
  const lines = weights.map(
    (w) =>
      `${shown(w.path).padEnd(44)} ${kb(w.gzip)} kB  ${(w.gzip / 1024).toFixed(1).padStart(6)} KiB  ${kb(w.raw)} kB  ${String(w.scripts).padStart(7)}  ${kb(w.html)} kB${w.gzip > BUDGET ? '  OVER' : ''}`,
  );
  return [
    `JavaScript per page (gzip -9; budget ${BUDGET / 1000} kB), and the HTML document (not budgeted):`,
    `${'page'.padEnd(44)} ${'js gzip'.padStart(10)}  ${'js gzip'.padStart(10)}  ${'js raw'.padStart(10)}  scripts  ${'html gzip'.padStart(10)}`,
    ...lines,
  ].join('\n');
}

/** Every page of the app as a pattern of addresses: app/(app)/households/[id]/page.tsx → /households/[^/]+. */
function appRoutes(): { file: string; pattern: RegExp; params: number }[] {
  const app = path.resolve('app');
  return (readdirSync(app, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === 'page.tsx')
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((s) => s !== '.' && !/^\(.*\)$/.test(s))
        .map((s) => (/^\[.+\]$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      return {
        file: `app/${file}`,
        pattern: new RegExp(`^/${segments.join('/')}$`),
        params: segments.filter((s) => s === '[^/]+').length,
      };
    });
}

/** Everything an operator's pages need to show a record: a household, its member, a programme it is enrolled in, a payment list, a grievance, a provider. */
async function operatorPages(page: Page, adminName: string): Promise<string[]> {
  const headName = khmerName();
  const householdPath = await enrol(page, headName, { givenNameKm: khmerName() });
  const memberPath = await openMember(page, householdPath, `សុខ ${headName}`);
  const programme = await activeProgramme(page);

  // The household in the programme, from its page; the enrolment's own page from there.
  await gotoReady(page, householdPath);
  const benefits = page.getByRole('region', { name: 'Programmes and payments' });
  await benefits.getByLabel('Programme', { exact: true }).selectOption({ label: `Cash transfer (${programme.code})` });
  await benefits.getByRole('button', { name: 'Enrol the household' }).click();
  await expect(benefits.getByRole('status').filter({ hasText: 'Enrolled.' })).toBeVisible();
  const enrolmentPath = await benefits.getByRole('link', { name: 'Details' }).getAttribute('href');

  // This month's payment list (the programme is monthly and starts today, Phnom Penh time).
  const period = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  await gotoReady(page, '/payments/new');
  await page.getByLabel('Programme', { exact: true }).selectOption({ label: `${programme.code} — Cash transfer` });
  await page.getByLabel('Period', { exact: true }).fill(period);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'lines generated' })).toBeVisible();
  const listPath = new URL(page.url()).pathname;

  await gotoReady(page, '/payments/providers/new');
  await page.getByLabel('Name', { exact: true }).fill('Wing');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/payments\/providers\/[0-9a-f-]{36}$/);
  const providerPath = new URL(page.url()).pathname;

  await gotoReady(page, '/grievances/new');
  await page.getByLabel('Channel', { exact: true }).selectOption({ label: 'Walk-in' });
  await page.getByLabel('Who complains', { exact: true }).selectOption({ label: 'Someone who is not a member' });
  await page.getByLabel('Name', { exact: true }).fill('ចាន់ ស្រីមុំ');
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Payment not received' });
  await page.getByLabel('Description', { exact: true }).fill('ខ្ញុំមិនបានទទួលប្រាក់ខែវិច្ឆិកាទេ');
  await page.getByRole('button', { name: 'Record the grievance' }).click();
  await page.getByRole('link', { name: 'Open the grievance' }).click();
  await expect(page).toHaveURL(/\/grievances\/[0-9a-f-]{36}$/);
  const grievancePath = new URL(page.url()).pathname;

  // The public report page is off until the administrator turns it on.
  await gotoReady(page, '/grievances/public-intake');
  await page.getByRole('button', { name: 'Turn the public page on' }).click();
  await expect(page.getByText('The public page is on.')).toBeVisible();

  await gotoReady(page, '/admin/users');
  const userPath = await page.getByRole('link', { name: adminName }).getAttribute('href');

  return [
    '/',
    '/account',
    '/help',
    ...HELP_AREAS.map((a) => `/help/${a}`),
    '/households',
    '/households?q=%E1%9E%9F%E1%9E%BB%E1%9E%81', // a search with results (សុខ)
    '/households/new',
    '/households/import',
    householdPath,
    `${householdPath}/edit`,
    memberPath,
    `${memberPath}/edit`,
    '/programmes',
    '/programmes/new',
    programme.path,
    `${programme.path}/edit`,
    `${programme.path}/enrolments`,
    `${programme.path}/enrolments/bulk`,
    enrolmentPath!,
    '/payments',
    '/payments/new',
    listPath,
    `${listPath}/file`,
    `${listPath}/results`,
    `${listPath}/summary`,
    '/payments/providers',
    '/payments/providers/new',
    providerPath,
    '/grievances',
    '/grievances/new',
    grievancePath,
    `${grievancePath}/receipt`,
    '/grievances/settings',
    '/grievances/public-intake',
    '/registry-sync',
    '/admin',
    '/admin/users',
    userPath!,
    '/admin/audit',
  ];
}

async function platformAdminWeights(browser: Browser): Promise<Weight[]> {
  return asPlatformAdmin(browser, async (page) => {
    await gotoReady(page, '/admin/operators');
    const operatorPath = await page.getByRole('table').getByRole('link').first().getAttribute('href');
    return weighAll(page, ['/admin/operators', operatorPath!, '/admin/camdx', '/admin/gazetteer']);
  });
}

test('every page loads at most 250 kB of JavaScript (gzip)', async ({ browser }) => {
  test.setTimeout(600_000);
  await ensureGazetteer(browser);
  const { operator, admin } = await provisionOperatorAdmin(browser);
  const newcomer = await provisionStaff(browser, admin, 'Weight Viewer', ['Viewer (read-only)']);

  const weights = await inNewContext(browser, async (page) => {
    await signIn(page, admin);
    return weighAll(page, await operatorPages(page, admin.name));
  });
  weights.push(...(await platformAdminWeights(browser)));
  // The forced password change of an account's first sign-in.
  weights.push(
    ...(await inNewContext(browser, async (page) => {
      await signIn(page, newcomer);
      return weighAll(page, ['/change-password']);
    })),
  );
  // Pages without a sign-in. (The first-run setup form needs a token only a fresh server has: its
  // page is weighed as a visitor sees it later, and its form is the change-password form's kind.)
  weights.push(
    ...(await inNewContext(browser, (page) =>
      weighAll(page, [
        '/signin',
        '/setup',
        `/report/${operator.code}`,
        `/report/${operator.code}/sent?ref=${operator.code}-G-000001`,
      ]),
    )),
  );

  console.log(table(weights));
  // Every page.tsx was weighed: a new page must join the lists above. An address is the page of the
  // route that matches it with the fewest parameters (/grievances/new is not a grievance's page).
  const routes = appRoutes();
  const weighed = new Set(
    weights.map((w) => {
      const address = new URL(w.path, 'http://localhost').pathname;
      const matching = routes.filter((r) => r.pattern.test(address));
      return matching.sort((a, b) => a.params - b.params)[0]?.file;
    }),
  );
  expect(routes.filter((r) => !weighed.has(r.file)).map((r) => r.file)).toEqual([]);
  if (process.env.PAGE_WEIGHT_DETAIL)
    for (const w of weights)
      console.log(
        `${shown(w.path)}\n${w.detail.map(([url, size]) => `  ${(size / 1000).toFixed(1).padStart(6)} kB ${url}`).join('\n')}`,
      );
  expect(weights.filter((w) => w.problem).map((w) => `${w.path}: ${w.problem}`)).toEqual([]);
  expect(
    weights.filter((w) => w.gzip > BUDGET).map((w) => `${shown(w.path)}: ${(w.gzip / 1000).toFixed(1)} kB`),
  ).toEqual([]);
});
