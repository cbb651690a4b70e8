import { expect, test } from '../fixtures/test';
import { newAccount, newOperator } from '../fixtures/data';
import { createOperatorAdmin, signInAsPlatformAdmin } from '../fixtures/provision';
import { mainNav } from '../fixtures/ui';

test('a platform administrator creates an operator and its first administrator', async ({ page, platformAdmin }) => {
  const operator = newOperator();
  const admin = newAccount('Operator Admin');
  await signInAsPlatformAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${platformAdmin.name}` })).toBeVisible();

  // Administration → Operators
  await mainNav(page).getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Administration' })).toHaveAttribute('aria-current', 'page');
  // A platform administrator manages operators, not an operator's staff or trail.
  await expect(page.getByRole('link', { name: 'Staff accounts' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Operators' }).click();
  await expect(page).toHaveURL(/\/admin\/operators$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Operators' })).toBeVisible();

  // The code is checked before anything is sent.
  await page.getByLabel('Short code', { exact: true }).fill('9bad');
  await page.getByLabel('Name in Khmer', { exact: true }).fill(operator.nameKm);
  await page.getByLabel('Name in English', { exact: true }).fill(operator.nameEn);
  await page.getByRole('button', { name: 'Create operator' }).click();
  await expect(page.getByText('Use 2 to 10 capital letters or digits, starting with a letter.')).toBeVisible();

  await page.getByLabel('Short code', { exact: true }).fill(operator.code);
  await page.getByRole('button', { name: 'Create operator' }).click();
  await expect(page.getByRole('status')).toHaveText(`Operator ${operator.code} was created.`);
  const row = page.getByRole('row').filter({ hasText: operator.nameEn });
  await expect(row.getByRole('cell')).toHaveText([
    operator.code,
    operator.nameKm,
    operator.nameEn,
    '0',
    'Active',
    'Deactivate',
  ]);
  // The form is empty again for the next operator.
  await expect(page.getByLabel('Short code', { exact: true })).toHaveValue('');

  // A second operator with the same code is refused.
  await page.getByLabel('Short code', { exact: true }).fill(operator.code);
  await page.getByLabel('Name in Khmer', { exact: true }).fill(operator.nameKm);
  await page.getByLabel('Name in English', { exact: true }).fill(`${operator.nameEn} copy`);
  await page.getByRole('button', { name: 'Create operator' }).click();
  await expect(page.getByText('Another operator already uses this code.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `${operator.nameEn} copy` })).toHaveCount(0);

  // The operator page: its first administrator.
  await row.getByRole('link', { name: operator.code }).click();
  await expect(page).toHaveURL(/\/admin\/operators\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `${operator.code} · ${operator.nameEn}` })).toBeVisible();
  await expect(page.getByText(operator.nameKm, { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'New operator administrator' })).toBeVisible();
  await createOperatorAdmin(page, admin);
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('');

  // The same email cannot be used twice.
  await createDuplicate(page, admin.email);

  // Back on the list, the operator now has one account.
  await mainNav(page).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'Operators' }).click();
  await expect(page.getByRole('row').filter({ hasText: operator.nameEn }).getByRole('cell').nth(3)).toHaveText('1');
});

async function createDuplicate(page: import('@playwright/test').Page, email: string) {
  await page.getByLabel('Full name', { exact: true }).fill('Someone Else');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Initial password', { exact: true }).fill('Another-Fine-66-Password');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('An account with this email already exists.')).toBeVisible();
}
