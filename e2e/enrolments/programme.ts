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
