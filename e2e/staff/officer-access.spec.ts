import { expect, test } from '../fixtures/test';
import { PASSWORDS } from '../fixtures/data';
import { provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { gotoReady, mainNav, signInFirstTime } from '../fixtures/ui';

test('an enrolment officer sees Households but no Administration, and the admin pages answer 403', async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const officer = await provisionStaff(browser, admin, 'Enrolment Officer', ['Enrolment officer']);

  await signInFirstTime(page, officer, PASSWORDS.chosen);
  await expect(page.getByText('Enrolment officer', { exact: true })).toBeVisible();

  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Households' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Registry sync' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Payments' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Manage staff accounts' })).toHaveCount(0);

  await nav.getByRole('link', { name: 'Households' }).click();
  await expect(page).toHaveURL(/\/households$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Households' })).toBeVisible();
  // The Households page is the member search; this operator has enrolled nobody yet.
  await expect(page.getByText('No members are enrolled yet.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Enrol a household' })).toBeVisible();

  for (const path of ['/admin', '/admin/users', '/admin/audit', '/admin/operators']) {
    const response = await gotoReady(page, path);
    expect(response?.status(), `${path} answers 403`).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: '403 — Not allowed' })).toBeVisible();
    await expect(page.getByText('Your roles do not give access to this page.')).toBeVisible();
  }

  // The page offers the way back (a link in the page body, besides the one in the navigation).
  await page.getByRole('main').getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${officer.name}` })).toBeVisible();
});
