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

test('pages carry a content policy with a nonce; pages and API answers carry the request id', async ({ request }) => {
  const signIn = await request.get('/signin');
  const policy = signIn.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(signIn.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  // The scripts of the page carry that nonce, or the browser would run none of them.
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(await signIn.text()).toContain(`nonce="${nonce}"`);

  // API routes skip proxy.ts; the app's server gives them their id, and keeps one a proxy in front sent.
  const api = await request.get('/api/health', { headers: { 'x-request-id': 'proxy-0123456789' } });
  expect(api.headers()['x-request-id']).toBe('proxy-0123456789');
  expect((await request.get('/api/v1/search?q=a')).headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('an unknown address shows the 404 page', async ({ page }) => {
  const response = await gotoReady(page, '/no-such-page/anywhere');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: '404 — Page not found' })).toBeVisible();
  await expect(page.getByText('There is nothing at this address.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
});
