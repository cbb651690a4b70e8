import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { mainNav, signIn, switchToEnglish } from '../fixtures/ui';

test('an operator administrator opens the registry sync dashboard of a new operator', async ({ page, browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await signIn(page, admin);
  await switchToEnglish(page);
  await mainNav(page).getByRole('link', { name: 'Registry sync' }).click();
  await expect(page).toHaveURL(/\/registry-sync$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Registry sync' })).toBeVisible();
  await expect(page.getByText('Nothing has been sent to the Social Protection Registry yet.')).toBeVisible();
  const counts = page.getByRole('table', { name: 'Members by sync state' });
  for (const state of [
    'Not sent',
    'Queued',
    'Has SPID',
    'Awaiting de-duplication review',
    'Rejected',
    'Needs attention',
  ]) {
    await expect(
      counts
        .getByRole('row', { name: new RegExp(`^${state}`) })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('0');
  }
  await expect(page.getByText('No change is waiting.')).toBeVisible();
  await expect(page.getByText('No member needs attention.')).toBeVisible();
  await expect(page.getByText('Nothing to review.')).toBeVisible();
});
