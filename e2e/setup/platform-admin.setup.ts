import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test as setup } from '@playwright/test';
import { PLATFORM_ADMIN, platformAdminStateFile } from '../fixtures/data';
import { signInAsPlatformAdmin } from '../fixtures/provision';

// One sign-in for the run: the platform administrator's browser state, which the provisioning
// helpers (fixtures/provision.ts, asPlatformAdmin) open their contexts with. Runs after the
// first-run setup made the account (project "sign-in" in playwright.config.ts).
setup('sign in as the platform administrator once and keep the session', async ({ page }) => {
  await signInAsPlatformAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${PLATFORM_ADMIN.name}` })).toBeVisible();
  const file = platformAdminStateFile();
  mkdirSync(path.dirname(file), { recursive: true });
  await page.context().storageState({ path: file });
});
