import path from 'node:path';
import { expect, type Browser, type Locator } from '@playwright/test';
import { asPlatformAdmin } from '../fixtures/provision';
import { gotoReady } from '../fixtures/ui';

/** A village present both in the small Kep extract (test/fixtures/gazetteer) and in the full gazetteer. */
export const KEP_VILLAGE = {
  code: '23010101',
  village: 'Ampeng',
  commune: 'Angkaol',
  district: "Damnak Chang'aeur",
  province: 'Kep',
  villageKm: 'អំពេង',
} as const;

const fixture = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'gazetteer',
  'pumi-admin-units-flat.csv',
);

/**
 * Enrolment needs the gazetteer. e2e/gazetteer/import.spec.ts imports the Kep extract before the
 * other specs run (playwright.config.ts); run on its own, a spec has the platform administrator
 * import it through Administration → Gazetteer when no village is known yet.
 */
export async function ensureGazetteer(browser: Browser): Promise<void> {
  await asPlatformAdmin(browser, async (page) => {
    await gotoReady(page, '/admin/gazetteer');
    const villages = page
      .getByRole('row', { name: /^Villages/ })
      .getByRole('cell')
      .nth(1);
    if ((await villages.textContent())?.trim() !== '0') return;
    await page.getByLabel('Gazetteer files', { exact: true }).setInputFiles(fixture);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('The edition was imported.')).toBeVisible({ timeout: 30_000 });
  });
}

/** Chooses the Kep village in an address picker (the "Address" group of the enrolment and edit forms). */
export async function chooseKepVillage(picker: Locator): Promise<void> {
  // Options read "Kep · កែប" (both scripts): chosen by code, each level's list loads once its parent is chosen.
  const code = KEP_VILLAGE.code;
  await picker.getByLabel('Province or capital', { exact: true }).selectOption(code.slice(0, 2));
  await picker.getByLabel('District, municipality or khan', { exact: true }).selectOption(code.slice(0, 4));
  await picker.getByLabel('Commune or sangkat', { exact: true }).selectOption(code.slice(0, 6));
  await picker.getByLabel('Village', { exact: true }).selectOption(code);
}
