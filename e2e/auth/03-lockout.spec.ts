import { expect, test } from '../fixtures/test';
import { PASSWORDS } from '../fixtures/data';
import { provisionOperator } from '../fixtures/provision';
import { submitSignIn } from '../fixtures/ui';

const INVALID = 'The email or password is not correct.';
const LOCK_MINUTES = 15;

/** "Nov 27, 2025, 4:05 PM" as the sign-in page writes it (en, Cambodia time), spaces normalised. */
function shown(at: number): string {
  const text = new Intl.DateTimeFormat('en', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Phnom_Penh',
  }).format(at);
  return normalise(text);
}
const normalise = (s: string) => s.replace(/[\s\u202f\u00a0]+/g, ' ').trim();

test('five failed attempts lock the account until a stated time; then the right password is refused too', async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperator(browser);

  for (let attempt = 1; attempt <= 4; attempt++) {
    expect(await submitSignIn(page, admin.email, PASSWORDS.wrong)).toBe('INVALID');
    await expect(page.getByText(INVALID, { exact: true })).toBeVisible();
  }

  const before = Date.now();
  expect(await submitSignIn(page, admin.email, PASSWORDS.wrong)).toMatch(/^LOCKED:/);
  const after = Date.now();
  const locked = page.getByText(/^Too many failed attempts: this account is locked until .+\.$/);
  await expect(locked).toBeVisible();

  // The time shown is the end of the 15-minute lock, in Cambodia time.
  const text = normalise((await locked.textContent()) ?? '');
  const candidates = new Set<string>();
  for (let t = before + LOCK_MINUTES * 60_000 - 60_000; t <= after + LOCK_MINUTES * 60_000 + 60_000; t += 30_000)
    candidates.add(shown(t));
  expect(
    [...candidates].some((c) => text === `Too many failed attempts: this account is locked until ${c}.`),
    `"${text}" names a time about ${LOCK_MINUTES} minutes from now (${[...candidates].join(' | ')})`,
  ).toBe(true);

  // The correct password does not get in while the lock lasts.
  expect(await submitSignIn(page, admin.email, admin.password)).toMatch(/^LOCKED:/);
  await expect(locked).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
});
