import type { Browser, Page } from '@playwright/test';
import type { Account } from '../fixtures/data';
import { activate, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { signedInPage } from '../records/helpers';

// Grievance handling through the interface: staff intake, assignment, review, resolution, closure;
// and a sensitive grievance that another grievance officer cannot find anywhere. (The printed
// receipt and the public page are tested with their own features.)

async function officer(browser: Browser, admin: Account, label: string) {
  return activate(browser, await provisionStaff(browser, admin, label, ['Grievance officer']));
}

/** Records a grievance from a named non-member; returns its reference and its page's path. */
async function record(page: Page, category: string, description: string) {
  await gotoReady(page, '/grievances/new');
  await page.getByLabel('Channel', { exact: true }).selectOption({ label: 'Walk-in' });
  await page.getByLabel('Who complains', { exact: true }).selectOption({ label: 'Someone who is not a member' });
  await page.getByLabel('Name', { exact: true }).fill('ចាន់ ស្រីមុំ');
  await page.getByLabel('Phone for the reply', { exact: true }).fill('012 345 678');
  await page.getByLabel('Category', { exact: true }).selectOption({ label: category });
  await page.getByLabel('Description', { exact: true }).fill(description);
  await page.getByRole('button', { name: 'Record the grievance' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'recorded' });
  await expect(saved).toBeVisible();
  const code = (await saved.locator('strong').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]+-G-\d{6}$/);
  await page.getByRole('link', { name: 'Open the grievance' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Reference ${code}` })).toBeVisible();
  return { code, path: new URL(page.url()).pathname };
}

async function changeStatus(page: Page, to: string, resolution?: string) {
  await page.getByLabel('New status', { exact: true }).selectOption({ label: to });
  if (resolution) await page.getByLabel('Resolution', { exact: true }).fill(resolution);
  await page.getByRole('button', { name: 'Change status' }).click();
}

test('intake, assign, review, resolve, close', async ({ browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const dara = await officer(browser, admin, 'Grievance Officer');

  const a = await signedInPage(browser, admin);
  const { code, path } = await record(a, 'Payment not received', 'ខ្ញុំមិនបានទទួលប្រាក់ខែវិច្ឆិកាទេ');
  await expect(a.getByText('Received', { exact: true }).first()).toBeVisible();
  await a.getByLabel('Assign to', { exact: true }).selectOption({ label: dara.name });
  await a.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(a.getByText(`assigned it to ${dara.name}`)).toBeVisible();

  // The officer finds it in "assigned to me" and handles it.
  const o = await signedInPage(browser, dara);
  await gotoReady(o, '/grievances?assignee=me');
  await o.getByRole('link', { name: code }).click();
  await expect(o.getByRole('heading', { level: 1, name: `Reference ${code}` })).toBeVisible();
  await changeStatus(o, 'Start the review');
  await expect(o.getByText('changed the status from Received to In review')).toBeVisible();
  // Resolving needs a resolution.
  await o.getByLabel('New status', { exact: true }).selectOption({ label: 'Resolve' });
  await o.getByRole('button', { name: 'Change status' }).click();
  await expect(o.getByText('Write the resolution: what was decided and why.')).toBeVisible();
  await changeStatus(o, 'Resolve', 'Paid at the commune office on 3 December');
  await expect(o.getByText('changed the status from In review to Resolved')).toBeVisible();
  await changeStatus(o, 'Close');
  await expect(o.getByText('changed the status from Resolved to Closed')).toBeVisible();
  await expect(o.getByText('Paid at the commune office on 3 December').first()).toBeVisible();

  // The queue counts it among the closed.
  await gotoReady(a, '/grievances?status=closed');
  await expect(a.getByRole('link', { name: code })).toBeVisible();
  await expect(a.getByRole('link', { name: /^Closed \(1\)$/ })).toBeVisible();
  expect(path).toMatch(/^\/grievances\/[0-9a-f-]{36}$/);
});

test('a sensitive grievance is not listed, found or opened by another grievance officer', async ({ browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const assignee = await officer(browser, admin, 'Assigned Officer');
  const other = await officer(browser, admin, 'Other Officer');

  const a = await signedInPage(browser, admin);
  const { code, path } = await record(a, 'Staff conduct', 'The commune clerk asked for money');
  await expect(a.getByText('Seen only by the assigned officer and the operator')).toBeVisible();
  await a.getByLabel('Assign to', { exact: true }).selectOption({ label: assignee.name });
  await a.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(a.getByText(`assigned it to ${assignee.name}`)).toBeVisible();
  const id = path.split('/').pop()!;

  const o = await signedInPage(browser, other);
  await gotoReady(o, '/grievances');
  await expect(o.getByRole('heading', { level: 1, name: 'Grievances' })).toBeVisible();
  await expect(o.getByRole('link', { name: code })).toHaveCount(0);
  await expect(o.getByRole('link', { name: /^All \(0\)$/ })).toBeVisible();
  await gotoReady(o, `/grievances?q=${encodeURIComponent(code)}`);
  await expect(o.getByText('No grievance matches.')).toBeVisible();
  const page = await o.goto(path);
  expect(page?.status()).toBe(404);
  const api = await o.request.get(`/api/v1/grievances/${id}`);
  expect(api.status()).toBe(404);
  expect(await (await o.request.get('/api/v1/grievances')).text()).not.toContain(code);

  // Its assignee sees it.
  const s = await signedInPage(browser, assignee);
  await gotoReady(s, '/grievances');
  await expect(s.getByRole('link', { name: code })).toBeVisible();
});
