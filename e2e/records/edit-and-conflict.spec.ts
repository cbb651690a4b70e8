import type { Page } from '@playwright/test';
import { activate, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { ensureGazetteer, KEP_VILLAGE } from './gazetteer';
import { enrol, khmerName, signedInPage } from './helpers';

async function openEditForm(page: Page, householdPath: string) {
  await gotoReady(page, householdPath);
  await page.getByRole('link', { name: 'Edit household' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Edit household / })).toBeVisible();
  await expect(page.getByLabel('Notes', { exact: true })).toBeEditable();
}

test('enrol, open, correct, meet a conflicting edit from another browser, read the history', async ({ browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  const officer = await activate(
    browser,
    await provisionStaff(browser, admin, 'Enrolment Officer', ['Enrolment officer']),
  );
  const givenNameKm = khmerName();

  // The officer enrols a household and lands on its page: address named at every level.
  const a = await signedInPage(browser, officer);
  const householdPath = await enrol(a, givenNameKm);
  await expect(a.getByRole('heading', { level: 1, name: /^Household [A-Z0-9]+-\d{6}$/ })).toBeVisible();
  const details = a.getByRole('region', { name: 'Household details' });
  for (const name of [KEP_VILLAGE.village, KEP_VILLAGE.commune, KEP_VILLAGE.district, KEP_VILLAGE.province]) {
    await expect(details.getByText(name, { exact: true })).toBeVisible();
  }
  await expect(details.getByText('012 345 678')).toBeVisible();
  const headRow = a.getByRole('region', { name: 'Members' }).getByRole('row').filter({ hasText: givenNameKm });
  await expect(headRow.getByRole('cell')).toHaveText([
    'Sok',
    'Female',
    /^\d+ \(born Mar 21, 1975\)$/,
    'Head of household',
    '—',
    'Active',
  ]);
  // Grievances are listed on each member's page (a grievance names a member, not a household).
  for (const place of ['Programmes', 'Payments', 'Registry status']) {
    await expect(a.getByRole('heading', { level: 2, name: place, exact: true })).toBeVisible();
  }

  // A correction.
  await openEditForm(a, householdPath);
  await a.getByLabel('Notes', { exact: true }).fill('Roof repaired in May');
  await a.getByRole('button', { name: 'Save changes' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Your changes were saved.' })).toBeVisible();
  await expect(details.getByText('Roof repaired in May')).toBeVisible();

  // Two people open the same form; the officer saves first, the administrator second.
  const b = await signedInPage(browser, admin);
  await openEditForm(a, householdPath);
  await openEditForm(b, householdPath);
  await a.getByLabel('Notes', { exact: true }).fill('New latrine built');
  await a.getByRole('button', { name: 'Save changes' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Your changes were saved.' })).toBeVisible();

  await b.getByLabel('Notes', { exact: true }).fill('Well dug behind the house');
  await b.getByLabel('House number, street', { exact: true }).fill('ផ្ទះលេខ ៩');
  await b.getByRole('button', { name: 'Save changes' }).click();
  await expect(b.getByRole('alert').filter({ hasText: 'Someone else' })).toHaveText(
    'Someone else changed this record while you were editing it. Your changes were not saved yet.',
  );
  const conflict = b.getByRole('region', { name: 'Someone else changed this record' });
  await expect(conflict.getByRole('row', { name: /^Notes/ }).getByRole('cell')).toHaveText([
    'New latrine built',
    'Well dug behind the house',
  ]);
  await expect(conflict.getByRole('row', { name: /^House number, street/ }).getByRole('cell')).toHaveText([
    'ផ្ទះលេខ ៧',
    'ផ្ទះលេខ ៩',
  ]);
  // Nothing typed is lost, and nothing was saved over the officer's change.
  await expect(b.getByLabel('Notes', { exact: true })).toHaveValue('Well dug behind the house');
  await expect(b.getByLabel('House number, street', { exact: true })).toHaveValue('ផ្ទះលេខ ៩');
  await gotoReady(a, householdPath);
  await expect(details.getByText('New latrine built')).toBeVisible();

  // Having seen the other values, the administrator saves theirs over them, knowingly.
  await conflict.getByRole('button', { name: 'Save my values over theirs' }).click();
  await expect(b.getByRole('status').filter({ hasText: 'Your changes were saved.' })).toBeVisible();
  await expect(
    b.getByRole('region', { name: 'Household details' }).getByText('Well dug behind the house'),
  ).toBeVisible();

  // The history names who changed what, from what to what.
  const history = b.getByRole('region', { name: 'History' });
  const rows = history.getByRole('row');
  await expect(rows.filter({ hasText: 'Notes: New latrine built → Well dug behind the house' })).toContainText(
    admin.name,
  );
  await expect(rows.filter({ hasText: 'House number, street: ផ្ទះលេខ ៧ → ផ្ទះលេខ ៩' })).toContainText(admin.name);
  await expect(rows.filter({ hasText: 'Notes: Roof repaired in May → New latrine built' })).toContainText(officer.name);
  await expect(rows.filter({ hasText: 'Notes: — → Roof repaired in May' })).toContainText('Household corrected');
  await expect(rows.filter({ hasText: 'Household enrolled' })).toContainText(officer.name);
  await expect(rows.filter({ hasText: `សុខ ${givenNameKm}: Member added` })).toHaveCount(1);
  await b.context().close();
  await a.context().close();
});
