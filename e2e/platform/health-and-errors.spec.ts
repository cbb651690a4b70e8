import { expect, test } from '@playwright/test';
import { gotoReady } from '../fixtures/ui';

test('/api/health reports the server and the database as ok', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  const body = await response.json();
  expect(body).toMatchObject({ status: 'ok', database: 'ok', instance: { version: expect.any(String) } });
  expect(body.instance.id).toBe(`${body.instance.hostname}:${body.instance.pid}`);
});

test('an unknown address shows the 404 page', async ({ page }) => {
  const response = await gotoReady(page, '/no-such-page/anywhere');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: '404 — Page not found' })).toBeVisible();
  await expect(page.getByText('There is nothing at this address.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
});
