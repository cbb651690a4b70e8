import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { PLATFORM_ADMIN, setupTokenFile } from '../fixtures/data';
import { completeSetup, readSetupToken } from '../fixtures/provision';
import { gotoReady } from '../fixtures/ui';

// Runs first (file order): the server starts on an empty database and writes a one-time setup
// token. Every other spec signs in as the platform administrator created here.

test('the first platform administrator is created through the one-time setup link, which then stops working', async ({
  page,
}) => {
  await expect
    .poll(() => existsSync(setupTokenFile()), { message: 'the server writes the setup token on an empty database' })
    .toBe(true);
  const token = readSetupToken();

  await gotoReady(page, `/setup?token=${token}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Create the first administrator' })).toBeVisible();
  await expect(page.getByText('This platform has no administrator yet.')).toBeVisible();

  // The form checks the password rules before anything is sent.
  await page.getByLabel('Full name', { exact: true }).fill(PLATFORM_ADMIN.name);
  await page.getByLabel('Email', { exact: true }).fill(PLATFORM_ADMIN.email);
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the new password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await completeSetup(page, token, PLATFORM_ADMIN);
  await expect(page.getByRole('link', { name: 'Go to sign-in' })).toBeVisible();
  expect(existsSync(setupTokenFile()), 'the used token is removed from the data folder').toBe(false);

  // The same link again: void.
  await gotoReady(page, `/setup?token=${token}`);
  await expect(page.getByText('This setup link is not valid or has already been used.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create administrator' })).toHaveCount(0);
  await expect(page.getByLabel('Email', { exact: true })).toHaveCount(0);

  await page.getByRole('link', { name: 'Go to sign-in' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('a setup link with a made-up token shows the invalid-link message', async ({ page }) => {
  await gotoReady(page, '/setup?token=not-a-real-token');
  await expect(page.getByText('This setup link is not valid or has already been used.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create administrator' })).toHaveCount(0);
});
