import { expect, test } from '../fixtures/test';
import { PASSWORDS } from '../fixtures/data';
import { activate, provisionOperator } from '../fixtures/provision';
import { fillPasswordChange, mainNav, signIn, signOut, submitSignIn } from '../fixtures/ui';

test('a password change on My account: the new password works, the old one no longer does', async ({
  page,
  browser,
}) => {
  const { admin: invited } = await provisionOperator(browser);
  const user = await activate(browser, invited, PASSWORDS.chosen);
  const oldPassword = user.password;
  const newPassword = PASSWORDS.renewed;

  await signIn(page, user);
  await mainNav(page).getByRole('link', { name: 'My account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expect(page.getByText(`${user.name} · ${user.email}`)).toBeVisible();

  // Refused: a wrong current password, and two new passwords that differ.
  await fillPasswordChange(page, PASSWORDS.wrong, newPassword);
  await expect(page.getByText('The current password is not correct.')).toBeVisible();
  await expect(page.getByLabel('Current password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await fillPasswordChange(page, oldPassword, newPassword, `${newPassword}x`);
  await expect(page.getByText('The two passwords are not the same.')).toBeVisible();

  await fillPasswordChange(page, oldPassword, newPassword);
  await expect(page.getByRole('status')).toHaveText('Your password was changed.');
  await expect(page.getByLabel('Current password', { exact: true })).toHaveValue('');

  await signOut(page);

  expect(await submitSignIn(page, user.email, oldPassword)).toBe('INVALID');
  await expect(
    page.getByText('The email or password is not correct. If you cannot sign in, ask your administrator.', {
      exact: true,
    }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);

  await signIn(page, { email: user.email, password: newPassword });
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${user.name}` })).toBeVisible();
});
