import { expect, test } from '../fixtures/test';
import { PASSWORDS } from '../fixtures/data';
import { gotoReady, mainNav, signIn, signOut, submitSignIn, switchToEnglish } from '../fixtures/ui';

const INVALID = 'The email or password is not correct. If you cannot sign in, ask your administrator.';

test('the platform administrator signs in and sees the home page', async ({ page, platformAdmin }) => {
  await gotoReady(page, '/signin');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await signIn(page, platformAdmin);
  await expect(page).toHaveURL(/\/$/);
  await switchToEnglish(page);

  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${platformAdmin.name}` })).toBeVisible();
  await expect(page.getByText('Platform administrator', { exact: true })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Administration' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Set up operators' })).toBeVisible();

  // Signing out ends the session: the app sends the browser back to the sign-in page.
  await signOut(page);
  await gotoReady(page, '/');
  await expect(page).toHaveURL(/\/signin$/);
});

test('a wrong password or an unknown email shows the one generic message', async ({ page, platformAdmin }) => {
  expect(await submitSignIn(page, platformAdmin.email, PASSWORDS.wrong)).toBe('INVALID');
  await expect(page.getByText(INVALID, { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);

  // An address without an account gets exactly the same answer.
  expect(await submitSignIn(page, 'nobody.here@e2e.example.org', PASSWORDS.wrong)).toBe('INVALID');
  await expect(page.getByText(INVALID, { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);

  // Nothing was signed in: the app is still closed.
  await gotoReady(page, '/');
  await expect(page).toHaveURL(/\/signin$/);

  // The right password still works (a single failure does not lock the account).
  await signIn(page, platformAdmin);
  await expect(mainNav(page)).toBeVisible();
});
