import type { Request } from '@playwright/test';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn } from '../fixtures/ui';

// A grievance's reply may go to a number abroad (+66 for a worker in Thailand). The browser checks a
// Cambodian number with Cambodia's plan alone and loads every country's plan only for another
// country's number (page weight, issue 14): the form still refuses a wrong one beside the field
// before anything is sent, and keeps a right one.

test("another country's phone number on a grievance: refused in the browser when wrong, kept when right", async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await signIn(page, admin);
  await gotoReady(page, '/grievances/new');
  await page.getByLabel('Channel', { exact: true }).selectOption({ label: 'Phone or hotline' });
  await page.getByLabel('Who complains', { exact: true }).selectOption({ label: 'Someone who is not a member' });
  await page.getByLabel('Name', { exact: true }).fill('សុខ ស្រីនាង');
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Payment not received' });
  await page.getByLabel('Description', { exact: true }).fill('ខ្ញុំធ្វើការនៅប្រទេសថៃ ហើយមិនបានទទួលប្រាក់ទេ');

  // Server actions are POSTs to the page's own address: none may leave for a number the browser refuses.
  const posts: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(r);
  });
  const phone = page.getByLabel('Phone for the reply', { exact: true });
  await phone.fill('+66 1');
  await page.getByRole('button', { name: 'Record the grievance' }).click();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAccessibleDescription(/Enter a valid/);
  expect(posts).toEqual([]);

  await phone.fill('+66 81 234 5678');
  await page.getByRole('button', { name: 'Record the grievance' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'recorded' })).toBeVisible();
  await page.getByRole('link', { name: 'Open the grievance' }).click();
  await expect(page.getByRole('definition').filter({ hasText: '+66812345678' })).toBeVisible();
});
