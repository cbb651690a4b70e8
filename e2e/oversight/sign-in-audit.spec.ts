import { PASSWORDS } from '../fixtures/data';
import { messages } from '../fixtures/messages';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, signOut, submitSignIn } from '../fixtures/ui';

// Issue 12, point 5: failed sign-ins and sign-outs are in the audit trail (not only in the
// login-attempt table), and the audit page says what they are in words, in both languages.

for (const locale of ['en', 'km'] as const) {
  test(`the audit trail shows a failed sign-in and a sign-out in words (${locale})`, async ({ browser }) => {
    const { admin } = await provisionOperatorAdmin(browser);
    const context = await browser.newContext({ locale: locale === 'km' ? 'km-KH' : 'en-US' });
    const page = await context.newPage();
    const words = messages(locale).security.audit;
    // Every action code has its words (messages/*/audit.json); a refusal adds its cause.
    const actions = messages(locale).audit.actions;
    try {
      expect(await submitSignIn(page, admin.email, PASSWORDS.wrong)).toBe('INVALID');
      await signIn(page, admin);
      await signOut(page);
      await signIn(page, admin);
      await gotoReady(page, '/admin/audit');
      const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
      const failed = rows.filter({ hasText: `${actions.auth_sign_in_failed}: ${words.causes.password}` });
      await expect(failed).toHaveCount(1);
      await expect(failed.getByRole('cell').nth(1)).toHaveText(words.notSignedIn);
      const out = rows.filter({ has: page.getByRole('cell', { name: actions.auth_sign_out, exact: true }) });
      await expect(out).toHaveCount(1);
      await expect(out.getByRole('cell').nth(1)).toHaveText(admin.name);
    } finally {
      await context.close();
    }
  });
}
