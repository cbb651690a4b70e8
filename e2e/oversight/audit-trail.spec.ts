import { expect, test } from '../fixtures/test';
import { provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { mainNav, signIn } from '../fixtures/ui';

test('the operator administrator sees the audit trail and can filter it by action', async ({
  page,
  browser,
  platformAdmin,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const officer = await provisionStaff(browser, admin, 'Enrolment Officer', ['Enrolment officer']);

  await signIn(page, admin);
  await mainNav(page).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();

  const trail = page.getByRole('table', { name: 'Newest first' });
  const rows = trail.getByRole('row').filter({ has: page.getByRole('cell') });
  // The officer's creation: by the administrator, with the new account's details.
  const creation = rows.filter({ hasText: 'User created' }).filter({ hasText: officer.email });
  await expect(creation).toHaveCount(1);
  await expect(creation.getByRole('cell').nth(1)).toHaveText(admin.name);
  await expect(creation).toContainText('Enrolment officer');
  // Other kinds of entries are there too (the administrator's sign-ins and password change).
  await expect(rows.filter({ hasText: 'Signed in' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Password changed' }).first()).toBeVisible();

  // Filter by action: the list names each action in words (its code is the value sent).
  const filters = page.getByRole('search', { name: 'Filter the audit trail' });
  await expect(filters.getByLabel('Action').getByRole('option', { name: 'Signed in' })).toHaveCount(1);
  await expect(filters.getByLabel('Action')).not.toContainText('auth.sign_in');
  await filters.getByLabel('Action').selectOption({ label: 'User created' });
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]action=user\.create(&|$)/);
  await expect(filters.getByLabel('Action')).toHaveValue('user.create');
  await expect(creation).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Signed in' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Password changed' })).toHaveCount(0);
  // Every row left is a creation: the administrator's own (by the platform administrator) and the officer's.
  await expect(rows).toHaveCount(2);
  for (let i = 0; i < 2; i++) await expect(rows.nth(i).getByRole('cell').nth(2)).toHaveText('User created');
  await expect(rows.filter({ hasText: admin.email }).getByRole('cell').nth(1)).toHaveText(platformAdmin.name);

  // Another action: the officer's creation is not listed.
  await filters.getByLabel('Action').selectOption({ label: 'Password changed' });
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]action=user\.change_password(&|$)/);
  await expect(rows.filter({ hasText: 'Password changed' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'User created' })).toHaveCount(0);

  // Clearing the filters shows everything again.
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(creation).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Signed in' }).first()).toBeVisible();
});
