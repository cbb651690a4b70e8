import { signInAsPlatformAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, mainNav } from '../fixtures/ui';

test('the platform administrator sees the CamDX configuration and tests the connection', async ({
  page,
  platformAdmin,
}) => {
  expect(platformAdmin.email).toBeTruthy();
  await signInAsPlatformAdmin(page);
  await mainNav(page).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'CamDX connection' }).click();
  await expect(page).toHaveURL(/\/admin\/camdx$/);
  await expect(page.getByRole('heading', { level: 1, name: 'CamDX connection' })).toBeVisible();
  const settings = page.getByRole('table', { name: 'Configuration' });
  await expect(settings.getByRole('row', { name: /Our client/ })).toContainText('CAMBODIA/COM/SDP-DEV/SDP');
  await expect(settings.getByRole('row', { name: /Registry service/ })).toContainText(
    'CAMBODIA/GOV/SPR-DEV/SPR/registry',
  );
  await expect(settings.getByRole('row', { name: /Mutual TLS/ })).toContainText('no');

  await gotoReady(page, '/admin/camdx');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const answer = page.getByRole('status').filter({ hasText: 'Connected. Allowed methods:' });
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('/registry/sync/enrollment/updates');
  await expect(answer).toContainText('X-Road-Id');
});
