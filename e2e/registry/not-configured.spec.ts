import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { newAccount, newOperator, PLATFORM_ADMIN } from '../fixtures/data';
import { messages } from '../fixtures/messages';
import { createOperator, createOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, signInFirstTime, switchToEnglish } from '../fixtures/ui';

// Issue 14: "when CamDX is not configured, staff see that on the Registry sync page". The run's
// server talks to the local CamDX peer, so this file starts a second server of the same build
// without any CAMDX_* setting, on its own embedded database (its platform administrator from
// INITIAL_ADMIN_*), on E2E_AUX_PORT.

const port = Number(process.env.E2E_AUX_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 20);
const baseURL = `http://localhost:${port}`;
const km = messages('km').registry.dashboard;
const en = messages('en').registry.dashboard;

let server: ChildProcess | null = null;
let dataDir = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sdp-e2e-nocamdx-'));
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CAMDX_')),
  );
  const child = spawn('node', ['scripts/start.mjs'], {
    // Its own process group: stopped whole (start.mjs and the server it starts) after the tests.
    detached: true,
    stdio: 'ignore',
    env: {
      ...env,
      NODE_ENV: 'production',
      SDP_SKIP_BUILD: '1',
      PORT: String(port),
      DATA_DIR: dataDir,
      NEXTAUTH_URL: baseURL,
      LOG_LEVEL: 'warn',
      LOGIN_MAX_PER_ADDRESS: '1000',
      DATABASE_URL: '',
      INITIAL_ADMIN_EMAIL: PLATFORM_ADMIN.email,
      INITIAL_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
    },
  });
  server = child;
  const deadline = Date.now() + 200_000;
  for (;;) {
    const up = await fetch(`${baseURL}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server on ${baseURL} did not start`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
});

test.afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    process.kill(-server.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function pageOn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

test('staff are told CamDX is not set up, what happens to their records and who sets it up, in English and Khmer', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // The platform administrator, who can fix it, sees it on their administration page.
  const platform = await pageOn(browser);
  await signIn(platform, PLATFORM_ADMIN);
  await switchToEnglish(platform);
  await gotoReady(platform, '/admin');
  await expect(platform.getByText('CamDX is not configured (CAMDX_SECURITY_SERVER_URL is not set).')).toBeVisible();
  // An operator and its administrator.
  const operator = newOperator();
  const admin = newAccount('Operator Admin');
  await gotoReady(platform, '/admin/operators');
  await createOperator(platform, operator);
  await platform.getByRole('link', { name: operator.code, exact: true }).click();
  await createOperatorAdmin(platform, admin);
  await platform.context().close();

  const page = await pageOn(browser);
  await signInFirstTime(page, admin, 'Chosen-Angkor-58-Tonle');
  await gotoReady(page, '/registry-sync');
  const notice = page.getByRole('region', { name: en.notConfiguredTitle });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('New and changed members wait in the queue');
  await expect(notice).toContainText('nothing is lost');
  await expect(notice).toContainText(en.notConfiguredWho);
  await expect(page.getByRole('link', { name: 'Help: Registry sync' })).toHaveAttribute('href', '/help/registry');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  const khmer = page.getByRole('button', { name: 'ខ្មែរ' }).first();
  await khmer.click();
  await expect(khmer).toHaveAttribute('aria-pressed', 'true');
  await gotoReady(page, '/registry-sync');
  const kmNotice = page.getByRole('region', { name: km.notConfiguredTitle });
  await expect(kmNotice).toBeVisible();
  await expect(kmNotice).toContainText('សមាជិកថ្មី និងសមាជិកដែលបានកែប្រែ រង់ចាំក្នុងជួរ');
  await expect(kmNotice).toContainText(km.notConfiguredWho);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.context().close();
});
