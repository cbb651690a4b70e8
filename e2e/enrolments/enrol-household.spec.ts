import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';
import { enrol, khmerName, signedInPage } from '../records/helpers';
import { activeProgramme } from './programme';

test('enrol a household from its page into an active programme, then set how it is paid', async ({ browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  const page = await signedInPage(browser, admin);
  const householdPath = await enrol(page, khmerName());
  const { code } = await activeProgramme(page);

  // The household page: no enrolment yet; the form offers the active programme.
  await gotoReady(page, householdPath);
  const benefits = page.getByRole('region', { name: 'Programmes and payments' });
  const programmes = benefits.getByRole('region', { name: 'Programmes', exact: true });
  await expect(programmes.getByText('Not enrolled in any programme.')).toBeVisible();
  await expect(benefits.getByRole('region', { name: 'Payments', exact: true })).toContainText('No payments yet.');
  await programmes.getByLabel('Programme', { exact: true }).selectOption({ label: `Cash transfer (${code})` });
  await programmes.getByRole('button', { name: 'Enrol the household' }).click();
  await expect(programmes.getByRole('status').filter({ hasText: 'Enrolled.' })).toBeVisible();

  // It shows on the household page, active, paid by a channel not set yet, collected by the head.
  const row = programmes.getByRole('row').filter({ hasText: 'Cash transfer' });
  await expect(row.getByRole('cell').nth(1)).toHaveText('The household');
  await expect(row.getByRole('cell').nth(2)).toContainText('Active');
  await expect(row.getByRole('cell').nth(3)).toHaveText('Not set yet');
  await expect(row.getByRole('cell').nth(4)).toHaveText(/^សុខ /);

  // Twice is refused with a clear message beside the programme.
  await programmes.getByLabel('Programme', { exact: true }).selectOption({ label: `Cash transfer (${code})` });
  await programmes.getByRole('button', { name: 'Enrol the household' }).click();
  await expect(programmes.getByRole('alert')).toHaveText('Already enrolled in this programme.');

  // The enrolment's page: Wing needs a phone, said beside the field; with one, it is saved.
  await row.getByRole('link', { name: 'Details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enrolment: Cash transfer' })).toBeVisible();
  const payment = page.getByRole('region', { name: 'Payment details' });
  await expect(payment.getByLabel('Channel', { exact: true })).toBeEnabled();
  await payment.getByLabel('Channel', { exact: true }).selectOption({ label: 'Wing wallet' });
  await payment.getByRole('button', { name: 'Save payment details' }).click();
  await expect(payment.getByText("A Wing payment needs the wallet's phone number.")).toBeVisible();
  await payment.getByLabel('Phone number', { exact: true }).fill('012 345 678');
  await payment.getByRole('button', { name: 'Save payment details' }).click();
  await expect(payment.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await gotoReady(page, householdPath);
  await expect(row.getByRole('cell').nth(3)).toContainText('Wing wallet');
  await expect(row.getByRole('cell').nth(3)).toContainText('012 345 678');
  await page.context().close();
});
