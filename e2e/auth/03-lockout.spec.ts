import { expect, test } from '../fixtures/test';
import { PASSWORDS } from '../fixtures/data';
import { provisionOperator } from '../fixtures/provision';
import { submitSignIn } from '../fixtures/ui';

const INVALID = 'The email or password is not correct. If you cannot sign in, ask your administrator.';
test('five failed attempts lock the account; it is answered like a wrong password, and then the right password is refused too', async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperator(browser);

  for (let attempt = 1; attempt <= 5; attempt++) {
    expect(await submitSignIn(page, admin.email, PASSWORDS.wrong)).toBe('INVALID');
    await expect(page.getByText(INVALID, { exact: true })).toBeVisible();
  }

  // The correct password does not get in while the lock lasts, and nothing says the account exists.
  expect(await submitSignIn(page, admin.email, admin.password)).toBe('INVALID');
  await expect(page.getByText(INVALID, { exact: true })).toBeVisible();
  await expect(page.getByText(/locked/i)).toHaveCount(0);
  await expect(page).toHaveURL(/\/signin$/);
});
