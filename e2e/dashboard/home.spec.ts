import type { Browser, ConsoleMessage, Locator, Page } from '@playwright/test';
import type { Account } from '../fixtures/data';
import { messages } from '../fixtures/messages';
import { activate, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { enrol, khmerName, signedInPage } from '../records/helpers';
import { REGISTRY_STATES } from '../../lib/registry/states';

// The home dashboard (issue 14): shortcuts to the role's daily tasks and the operator's figures as
// charts, each with its numbers as a table (found here by role and name, as a screen reader would),
// in English and in Khmer, rendered on the server: no hydration error in the console.

const km = messages('km').dashboard;
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

/** Errors the page logs or throws (a hydration mismatch is one); the missing favicon is another issue's. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The table of a figure, and the cells of its row headed `row`. */
async function expectRow(table: Locator, row: string | RegExp, cells: string[]) {
  const r = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: row }) });
  await expect(r.getByRole('cell')).toHaveText(cells);
}

async function staff(browser: Browser, admin: Account, label: string, role: 'Payment approver' | 'Grievance officer') {
  return activate(browser, await provisionStaff(browser, admin, label, [role]));
}

test('an operator administrator sees the figures as charts with tables, in English and in Khmer', async ({
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const page = await signedInPage(browser, admin);
  const errors = consoleErrors(page);
  // A woman born in 1975 and a man born in 1972, in Kep.
  await enrol(page, khmerName(), { givenNameKm: khmerName() });

  await gotoReady(page, '/');
  const tasks = page.getByRole('region', { name: 'Your daily tasks' });
  await expect(tasks.getByRole('link', { name: 'Enrol a household' })).toHaveAttribute('href', '/households/new');
  await expect(tasks.getByRole('link', { name: 'Find a member' })).toHaveAttribute('href', '/households');
  await expect(tasks.getByRole('link', { name: 'Grievances past their service level' })).toHaveAttribute(
    'href',
    '/grievances?sla=breached',
  );

  const overview = page.getByRole('region', { name: 'Overview' });
  for (const name of [
    'Active members by province',
    'Active members by age and sex',
    'Enrolments by programme',
    'Open grievances by service level',
    'Members by registry sync state',
  ]) {
    await expect(overview.getByRole('figure', { name })).toBeVisible();
    await expect(overview.getByRole('figure', { name }).getByRole('table', { name })).toHaveCount(1);
  }
  const provinces = overview.getByRole('table', { name: 'Active members by province' });
  await expect(provinces.getByRole('columnheader')).toHaveText(['Province', 'Women', 'Men', 'Total']);
  await expectRow(provinces, 'Kep', ['1', '1', '2']);
  const ages = overview.getByRole('table', { name: 'Active members by age and sex' });
  await expectRow(ages, '18 to 59', ['1', '1', '2']);
  await expectRow(ages, 'Under 5', ['0', '0', '0']);
  // The administrator sees breaches; no grievance yet.
  const grievances = overview.getByRole('table', { name: 'Open grievances by service level' });
  await expect(grievances.getByRole('rowheader')).toHaveText(['On track', 'At risk', 'Breached']);
  await expectRow(grievances, 'Breached', ['0']);
  // Both members wait for (or already went through) the registry: two members in all.
  const registry = overview.getByRole('table', { name: 'Members by registry sync state' });
  await expect(registry.getByRole('rowheader')).toHaveCount(REGISTRY_STATES.length);
  await expect(overview.getByText('No payment list yet.')).toBeVisible();
  await expect(overview.getByText('Active members in all: 2')).toBeVisible();

  // In Khmer: the same figures, names and tables in Khmer, rendered by the server.
  await page.getByRole('button', { name: 'ខ្មែរ' }).first().click();
  await expect(page.getByRole('button', { name: 'ខ្មែរ' }).first()).toHaveAttribute('aria-pressed', 'true');
  await gotoReady(page, '/');
  const kmOverview = page.getByRole('region', { name: km.title });
  await expect(kmOverview.getByRole('figure', { name: km.members.byProvince })).toBeVisible();
  const kmProvinces = kmOverview.getByRole('table', { name: km.members.byProvince });
  await expect(kmProvinces.getByRole('columnheader')).toHaveText([
    km.members.province,
    km.members.women,
    km.members.men,
    km.members.total,
  ]);
  // Counts in Khmer digits, as every number in Khmer mode (lib/i18n/format.ts).
  await expectRow(kmProvinces, 'កែប', ['១', '១', '២']);
  const kmAges = kmOverview.getByRole('table', { name: km.members.byAge });
  await expectRow(kmAges, fill(km.members.bands.range, { from: '១៨', to: '៥៩' }), ['១', '១', '២']);
  await expect(
    page.getByRole('region', { name: km.shortcuts.title }).getByRole('link', { name: km.shortcuts.enrol }),
  ).toBeVisible();
  await expect(kmOverview.getByRole('figure', { name: km.registry.title })).toBeVisible();
  // The counts' time written by the app's own formatter: Khmer digits and month, the 24-hour clock.
  await expect(kmOverview.getByText(/[០-៩]{1,2} [^\s០-៩]+ [០-៩]{4} ម៉ោង [០-៩]{1,2}:[០-៩]{2}/)).toBeVisible();

  expect(errors).toEqual([]);
});

test('each role sees its own shortcuts and only the figures it may read', async ({ browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const approver = await staff(browser, admin, 'Payment Approver', 'Payment approver');
  const officer = await staff(browser, admin, 'Grievance Officer', 'Grievance officer');

  const a = await signedInPage(browser, approver);
  const aErrors = consoleErrors(a);
  await gotoReady(a, '/');
  const aTasks = a.getByRole('region', { name: 'Your daily tasks' });
  await expect(aTasks.getByRole('link', { name: 'Payment lists awaiting approval: 0' })).toHaveAttribute(
    'href',
    '/payments?status=submitted',
  );
  await expect(aTasks.getByRole('link', { name: 'Enrol a household' })).toHaveCount(0);
  await expect(a.getByText('No payment list yet.')).toBeVisible();
  await expect(a.getByRole('figure', { name: 'Open grievances by service level' })).toHaveCount(0);
  await expect(a.getByRole('figure', { name: 'Members by registry sync state' })).toHaveCount(0);
  expect(aErrors).toEqual([]);

  const o = await signedInPage(browser, officer);
  const oErrors = consoleErrors(o);
  await gotoReady(o, '/');
  const oTasks = o.getByRole('region', { name: 'Your daily tasks' });
  await expect(oTasks.getByRole('link', { name: 'Grievances received today' })).toHaveAttribute(
    'href',
    /^\/grievances\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
  );
  await expect(oTasks.getByRole('link', { name: 'Grievances assigned to me' })).toHaveAttribute(
    'href',
    '/grievances?assignee=me',
  );
  await expect(oTasks.getByRole('link', { name: 'Record a grievance' })).toBeVisible();
  // Open grievances by service level, without the breaches (the administrators' to act on).
  const table = o.getByRole('table', { name: 'Open grievances by service level' });
  await expect(table.getByRole('rowheader')).toHaveText(['On track', 'At risk']);
  await expect(o.getByText('Payment lists', { exact: true })).toHaveCount(0);
  await expect(o.getByRole('figure', { name: 'Enrolments by programme' })).toHaveCount(0);
  await oTasks.getByRole('link', { name: 'Grievances received today' }).click();
  await expect(o).toHaveURL(/\/grievances\?from=/);
  expect(oErrors).toEqual([]);
});
