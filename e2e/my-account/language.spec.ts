import { expect, test } from '../fixtures/test';
import { inNewContext, provisionOperatorAdmin } from '../fixtures/provision';
import { gotoReady, mainNav, signIn, signOut } from '../fixtures/ui';

test('switching to Khmer shows Khmer text and is remembered on the account', async ({ page, browser }) => {
  const { admin: user } = await provisionOperatorAdmin(browser);
  await signIn(page, user);
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Households' })).toBeVisible();

  const khmer = page.getByRole('button', { name: 'ខ្មែរ' });
  await khmer.click();
  await expect(khmer).toHaveAttribute('aria-pressed', 'true');
  await expect(nav.getByRole('link', { name: 'គ្រួសារ' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Households' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: `សូមស្វាគមន៍ ${user.name}` })).toBeVisible();

  // Signed out, this browser keeps the choice for the sign-in page.
  await signOut(page);
  await expect(page.getByRole('heading', { level: 1, name: 'ចូលប្រើ' })).toBeVisible();

  // Another browser, which asks for English: the sign-in page is English, and the account's
  // choice applies as soon as the user is signed in.
  await inNewContext(browser, async (other) => {
    await gotoReady(other, '/signin');
    await expect(other.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signIn(other, user);
    await expect(mainNav(other).getByRole('link', { name: 'គ្រួសារ' })).toBeVisible();
    await expect(other.getByRole('button', { name: 'ខ្មែរ' })).toHaveAttribute('aria-pressed', 'true');
  });

  // Back in the first browser (signing in with the Khmer labels), switch back to English.
  await signIn(page, user);
  await expect(nav.getByRole('link', { name: 'គ្រួសារ' })).toBeVisible();
  const english = page.getByRole('button', { name: 'English' });
  await english.click();
  await expect(english).toHaveAttribute('aria-pressed', 'true');
  await expect(nav.getByRole('link', { name: 'Households' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'គ្រួសារ' })).toHaveCount(0);

  // English is remembered in turn.
  await signOut(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await signIn(page, user);
  await expect(nav.getByRole('link', { name: 'Households' })).toBeVisible();
});
