import { messages } from '../fixtures/messages';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn } from '../fixtures/ui';

// Issue 12, point 4: a Households page link whose cursor was forged (valid base64url JSON with a NUL
// in the sort key) was the error page, and the failed query's parameters went to the log. Now the
// page says the list has changed, in the reader's language, and the search form still works.

const forged = (o: string) =>
  Buffer.from(JSON.stringify({ o, k: 'a\u0000b', i: '00000000-0000-4000-8000-000000000000' })).toString('base64url');

for (const locale of ['en', 'km'] as const) {
  test(`a forged cursor on the Households page is a message, not the error page (${locale})`, async ({ browser }) => {
    const { admin } = await provisionOperatorAdmin(browser);
    const context = await browser.newContext({ locale: locale === 'km' ? 'km-KH' : 'en-US' });
    const page = await context.newPage();
    try {
      await signIn(page, admin);
      const m = messages(locale);
      for (const o of ['km-icu', 'km', 'latin']) {
        const response = await gotoReady(page, `/households?cursor=${forged(o)}`);
        expect(response?.status(), o).toBe(200);
        await expect(page.getByRole('alert').filter({ hasText: m.errors.cursorInvalid })).toBeVisible();
        await expect(page.getByRole('search')).toBeVisible();
      }
    } finally {
      await context.close();
    }
  });
}
