import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser } from '@playwright/test';
import { inNewContext, signInAsPlatformAdmin } from '../fixtures/provision';
import { gotoReady } from '../fixtures/ui';

/** A village present both in the small Kep extract (test/fixtures/gazetteer) and in the full gazetteer. */
export const KEP_VILLAGE = {
  code: '23010101', village: 'Ampeng', commune: 'Angkaol', district: "Damnak Chang'aeur", province: 'Kep',
} as const;

const fixture = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'gazetteer', 'pumi-admin-units-flat.csv');

/**
 * Enrolment needs the gazetteer. The platform administrator imports the Kep extract through
 * Administration → Gazetteer when no village is known yet (another spec may have imported one).
 * A build without that page must have been started on a database that already holds the units.
 */
export async function ensureGazetteer(browser: Browser): Promise<void> {
  await inNewContext(browser, async (page) => {
    await signInAsPlatformAdmin(page);
    const response = await gotoReady(page, '/admin/gazetteer');
    if (response?.status() === 404 || !existsSync(fixture)) return;
    const villages = page.getByRole('row', { name: /^Villages/ }).getByRole('cell').nth(1);
    if ((await villages.textContent())?.trim() !== '0') return;
    await page.getByLabel('Gazetteer files', { exact: true }).setInputFiles(fixture);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('The edition was imported.')).toBeVisible({ timeout: 30_000 });
  });
}
