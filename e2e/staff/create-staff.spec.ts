import { expect, test } from '../fixtures/test';
import { newAccount, PASSWORDS } from '../fixtures/data';
import { createStaffAccount, provisionOperator } from '../fixtures/provision';
import { fillPasswordChange, gotoReady, mainNav, signIn, switchToEnglish } from '../fixtures/ui';

test('a new operator administrator must change the password first, then creates an enrolment officer', async ({
  page,
  browser,
}) => {
  const { operator, admin } = await provisionOperator(browser);
  const officer = newAccount('Enrolment Officer');

  await signIn(page, admin);
  await expect(page).toHaveURL(/\/change-password$/);
  await switchToEnglish(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible();
  await expect(
    page.getByText('Your password was set by an administrator. Choose your own password to continue.'),
  ).toBeVisible();
  await expect(mainNav(page)).toHaveCount(0);

  // Nothing else opens before the password is changed.
  await gotoReady(page, '/admin/users');
  await expect(page).toHaveURL(/\/change-password$/);

  // The new password must differ from the one the administrator set.
  await fillPasswordChange(page, admin.password, admin.password);
  await expect(page.getByText('The new password must differ from the current one.')).toBeVisible();
  await expect(page).toHaveURL(/\/change-password$/);

  await fillPasswordChange(page, admin.password, PASSWORDS.chosen);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${admin.name}` })).toBeVisible();
  await expect(page.getByText('Operator administrator', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: `SDP · ${operator.code}` })).toBeVisible();

  // Administration → Staff accounts
  await mainNav(page).getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Operators' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Staff accounts' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Staff accounts' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: admin.email })).toBeVisible();

  // At least one role is required.
  await page.getByLabel('Full name', { exact: true }).fill(officer.name);
  await page.getByLabel('Email', { exact: true }).fill(officer.email);
  await page.getByLabel('Initial password', { exact: true }).fill(officer.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Choose at least one role.')).toBeVisible();

  await createStaffAccount(page, officer, ['Enrolment officer']);
  const row = page.getByRole('row').filter({ hasText: officer.email });
  await expect(row.getByRole('cell')).toHaveText([officer.name, officer.email, 'Enrolment officer', 'Active', '—']);
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('');
  await expect(page.getByRole('checkbox', { name: 'Enrolment officer', exact: true })).not.toBeChecked();

  // The officer's own page shows the account with its role.
  await row.getByRole('link', { name: officer.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: officer.name })).toBeVisible();
  await expect(page.getByText(officer.email, { exact: true })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Enrolment officer', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Operator administrator', exact: true })).not.toBeChecked();
});
