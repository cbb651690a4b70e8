import { expect, test } from '../fixtures/test';
import { PASSWORDS } from '../fixtures/data';
import { provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { gotoReady, mainNav, signIn, signInFirstTime, submitSignIn, switchToEnglish } from '../fixtures/ui';

test("a deactivation takes effect on the officer's next click", async ({ page, browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  let officer = await provisionStaff(browser, admin, 'Enrolment Officer', ['Enrolment officer']);

  // The officer works in this browser.
  officer = await signInFirstTime(page, officer, PASSWORDS.chosen);
  await mainNav(page).getByRole('link', { name: 'Households' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Households' })).toBeVisible();

  // The administrator, in another browser, deactivates the officer.
  const adminContext = await browser.newContext();
  try {
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, admin);
    await switchToEnglish(adminPage);
    await gotoReady(adminPage, '/admin/users');
    await adminPage
      .getByRole('row')
      .filter({ hasText: officer.email })
      .getByRole('link', { name: officer.name })
      .click();
    await expect(adminPage.getByRole('heading', { level: 1, name: officer.name })).toBeVisible();
    await adminPage.getByRole('button', { name: 'Deactivate' }).click();
    await expect(adminPage.getByRole('button', { name: 'Reactivate' })).toBeVisible();
    await expect(adminPage.getByText('Deactivated', { exact: true })).toBeVisible();

    await gotoReady(adminPage, '/admin/users');
    await expect(adminPage.getByRole('row').filter({ hasText: officer.email }).getByRole('cell').nth(3)).toHaveText(
      'Deactivated',
    );
  } finally {
    await adminContext.close();
  }

  // The officer's next click: back to the sign-in page.
  await mainNav(page).getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  // And signing in again is refused exactly like a wrong password (the password is not confirmed).
  expect(await submitSignIn(page, officer.email, officer.password)).toBe('INVALID');
  await expect(
    page.getByText('The email or password is not correct. If you cannot sign in, ask your administrator.'),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
});
