import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { sharedPath } from '../../test/helpers/shared';
import { signInAsPlatformAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, mainNav } from '../fixtures/ui';

// Runs before every other spec but the first-run setup (playwright.config.ts): it starts from an
// empty gazetteer and leaves the Kep extract (test/fixtures) imported, which the enrolment specs use.
// When the shared folder has the full national gazetteer, it is imported as well, afterwards.
const root = path.resolve(import.meta.dirname, '..', '..');
const file = path.join(root, 'test', 'fixtures', 'gazetteer', 'pumi-admin-units-flat.csv');
const expected = { total: '26', province: '1', district: '2', commune: '5', village: '18' };
const full = sharedPath('data', 'gazetteer', 'pumi-admin-units-flat.csv');

/** The number shown under a label of a report (a description list: dt label, dd number). */
const count = (report: Locator, label: string) =>
  report.locator(`xpath=.//dt[normalize-space(.)="${label}"]/following-sibling::dd[1]`);

async function upload(page: Page, edition = file) {
  await page.getByLabel('Gazetteer files', { exact: true }).setInputFiles(edition);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('The edition was imported.')).toBeVisible({ timeout: 60_000 });
  return page.getByLabel('What the import changed', { exact: true });
}

test('a platform administrator imports the gazetteer and sees what it changed', async ({ page, platformAdmin }) => {
  await signInAsPlatformAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${platformAdmin.name}` })).toBeVisible();

  // Until a gazetteer is imported, the home page asks for one.
  await expect(page.getByRole('heading', { level: 2, name: 'Gazetteer not imported' })).toBeVisible();
  await page.getByRole('link', { name: 'Import the gazetteer' }).click();
  await expect(page).toHaveURL(/\/admin\/gazetteer$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Gazetteer' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^Villages/ }).getByRole('cell')).toHaveText(['Villages', '0', '0']);
  await expect(page.getByText('No imports yet.')).toBeVisible();

  // Nothing chosen: the error sits beside the file input.
  await gotoReady(page, '/admin/gazetteer');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Choose a gazetteer file.')).toBeVisible();

  const report = await upload(page);
  await expect(count(report, 'Units in the edition')).toHaveText(expected.total);
  await expect(count(report, 'Added')).toHaveText(expected.total);
  for (const label of ['Renamed', 'Retired', 'In use again', 'Rows left out'])
    await expect(count(report, label)).toHaveText('0');

  // The page now counts the units per level and lists the import, with who made it.
  await expect(page.getByRole('row', { name: /^Provinces/ }).getByRole('cell')).toHaveText([
    'Provinces and capital',
    expected.province,
    '0',
  ]);
  await expect(page.getByRole('row', { name: /^Districts/ }).getByRole('cell')).toHaveText([
    'Districts, municipalities and khans',
    expected.district,
    '0',
  ]);
  await expect(page.getByRole('row', { name: /^Communes/ }).getByRole('cell')).toHaveText([
    'Communes and sangkats',
    expected.commune,
    '0',
  ]);
  await expect(page.getByRole('row', { name: /^Villages/ }).getByRole('cell')).toHaveText([
    'Villages',
    expected.village,
    '0',
  ]);
  const history = page.getByRole('article').filter({ hasText: 'pumi-admin-units-flat.csv' });
  await expect(history).toHaveCount(1);
  await expect(history.getByText(`By ${platformAdmin.name}`)).toBeVisible();
  await expect(count(history, 'Added')).toHaveText(expected.total);

  // The same edition again changes nothing.
  await gotoReady(page, '/admin/gazetteer');
  const again = await upload(page);
  await expect(count(again, 'Units in the edition')).toHaveText(expected.total);
  for (const label of ['Added', 'Renamed', 'Retired', 'In use again'])
    await expect(count(again, label)).toHaveText('0');
  await expect(page.getByRole('article')).toHaveCount(2);

  // Administration lists the page, and the home page no longer asks for an import.
  await mainNav(page).getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('link', { name: 'Gazetteer' })).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${platformAdmin.name}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Gazetteer not imported' })).toHaveCount(0);
});

// The full national gazetteer (../shared/data/gazetteer, never committed) on top of the Kep extract:
// every Kep unit is in it unchanged, so it only adds.
if (full) {
  test('the full national gazetteer imports on top of the Kep extract, adding every other unit', async ({ page }) => {
    test.setTimeout(180_000);
    await signInAsPlatformAdmin(page);
    await gotoReady(page, '/admin/gazetteer');
    const report = await upload(page, full);
    await expect(count(report, 'Units in the edition')).toHaveText('16,465');
    await expect(count(report, 'Added')).toHaveText('16,439');
    for (const label of ['Renamed', 'Retired', 'In use again', 'Rows left out'])
      await expect(count(report, label)).toHaveText('0');
    await expect(page.getByRole('row', { name: /^Provinces/ }).getByRole('cell')).toHaveText([
      'Provinces and capital',
      '25',
      '0',
    ]);
    await expect(page.getByRole('row', { name: /^Districts/ }).getByRole('cell')).toHaveText([
      'Districts, municipalities and khans',
      '210',
      '0',
    ]);
    await expect(page.getByRole('row', { name: /^Communes/ }).getByRole('cell')).toHaveText([
      'Communes and sangkats',
      '1,652',
      '0',
    ]);
    await expect(page.getByRole('row', { name: /^Villages/ }).getByRole('cell')).toHaveText([
      'Villages',
      '14,578',
      '0',
    ]);
  });
}
