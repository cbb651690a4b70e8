import { randomInt } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { gotoReady } from '../fixtures/ui';

// An active programme for the enrolment specs, made the way an operator administrator makes one
// (the server owns its embedded database, so a spec sets data up through the app): eligibility
// "no IDPoor card" (what e2e/records/helpers.ts enrols), 40,000 riel per household, activated.

/** Creates and activates a programme; returns its code and its page's path. */
export async function activeProgramme(page: Page): Promise<{ code: string; path: string }> {
  const code = `ENR-${randomInt(100_000, 999_999)}`;
  await gotoReady(page, '/programmes/new');
  await expect(page.getByLabel('Code', { exact: true })).toBeEditable();
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('Name in Khmer', { exact: true }).fill('ឧបត្ថម្ភសាច់ប្រាក់');
  await page.getByLabel('Name in English', { exact: true }).fill('Cash transfer');
  const eligibility = page.getByRole('group', { name: 'Eligibility', exact: true });
  await eligibility.getByRole('checkbox', { name: 'No IDPoor card' }).check();
  await page.getByRole('button', { name: 'Add a household rule' }).click();
  const household = page.getByRole('group', { name: 'Household rule 1', exact: true });
  await household.getByRole('checkbox', { name: 'No IDPoor card' }).check();
  await page.getByLabel('Amount of household rule 1', { exact: true }).fill('40000');
  // The live count above the button settles after its debounce: wait, so the button does not move under the click.
  await expect(page.getByRole('region', { name: 'Qualifying households' })).toContainText(/of your operator qualif/);
  await page.getByRole('button', { name: 'Create programme' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The programme was saved.' })).toBeVisible();
  const path = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('button', { name: 'Yes, go ahead' }).click();
  await expect(page.getByRole('button', { name: 'Close programme' })).toBeVisible();
  return { code, path };
}

/** Enrols the household at `householdPath` in `programme` from its page; returns the enrolment's page path. */
export async function enrolInProgramme(
  page: Page,
  householdPath: string,
  programme: { code: string },
): Promise<string> {
  await gotoReady(page, householdPath);
  const programmes = page
    .getByRole('region', { name: 'Programmes and payments' })
    .getByRole('region', { name: 'Programmes', exact: true });
  await programmes
    .getByLabel('Programme', { exact: true })
    .selectOption({ label: `Cash transfer (${programme.code})` });
  await programmes.getByRole('button', { name: 'Enrol the household' }).click();
  await expect(programmes.getByRole('status').filter({ hasText: 'Enrolled.' })).toBeVisible();
  const path = await programmes.getByRole('link', { name: 'Details' }).first().getAttribute('href');
  expect(path).toMatch(/^\/programmes\/[0-9a-f-]{36}\/enrolments\/[0-9a-f-]{36}$/);
  return path!;
}

/** Generates this month's payment list of `programme` (it is monthly and starts today, Phnom Penh time); returns its path. */
export async function generateThisMonthsList(page: Page, programme: { code: string }): Promise<string> {
  await gotoReady(page, '/payments/new');
  await page.getByLabel('Programme', { exact: true }).selectOption({ label: `${programme.code} — Cash transfer` });
  const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  await page.getByLabel('Period', { exact: true }).fill(month);
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'lines generated' })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Adds a payment provider; returns its page's path. */
export async function newProvider(page: Page, name = 'Wing'): Promise<string> {
  await gotoReady(page, '/payments/providers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/payments\/providers\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** Records a walk-in grievance of someone who is not a member; returns its page's path. */
export async function walkInGrievance(page: Page): Promise<string> {
  await gotoReady(page, '/grievances/new');
  await page.getByLabel('Channel', { exact: true }).selectOption({ label: 'Walk-in' });
  await page.getByLabel('Who complains', { exact: true }).selectOption({ label: 'Someone who is not a member' });
  await page.getByLabel('Name', { exact: true }).fill('ចាន់ ស្រីមុំ');
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Payment not received' });
  await page.getByLabel('Description', { exact: true }).fill('ខ្ញុំមិនបានទទួលប្រាក់ខែវិច្ឆិកាទេ');
  await page.getByRole('button', { name: 'Record the grievance' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'recorded' })).toBeVisible();
  await page.getByRole('link', { name: 'Open the grievance' }).click();
  await expect(page).toHaveURL(/\/grievances\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}
