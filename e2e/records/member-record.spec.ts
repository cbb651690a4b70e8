import { activate, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { ensureGazetteer } from './gazetteer';
import { enrol, khmerName, signedInPage } from './helpers';

test('a member is corrected, becomes head, leaves the household; each step is in the history', async ({ browser }) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  const officer = await activate(
    browser,
    await provisionStaff(browser, admin, 'Enrolment Officer', ['Enrolment officer']),
  );
  const headName = khmerName();
  const spouseName = khmerName();
  const page = await signedInPage(browser, officer);
  const householdPath = await enrol(page, headName, { givenNameKm: spouseName });

  // From the members table to the member's own page.
  await page
    .getByRole('region', { name: 'Members' })
    .getByRole('link', { name: `ចាន់ ${spouseName}` })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `ចាន់ ${spouseName}` })).toBeVisible();
  const details = page.getByRole('region', { name: 'Member' });
  await expect(details.getByRole('definition').filter({ hasText: /^Spouse$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Household [A-Z0-9]+-\d{6}$/ })).toBeVisible();

  // A correction: a Latin name, and only the year of birth is known.
  await page.getByRole('link', { name: 'Edit member' }).click();
  await expect(page.getByLabel('Relationship to the head', { exact: true })).not.toContainText('Head of household');
  await page.getByLabel('Given name (Latin letters)', { exact: true }).fill('Vuthy');
  await page.getByLabel('Only the year is known (estimated)', { exact: true }).check();
  await page.getByLabel('Estimated year of birth', { exact: true }).fill('1972');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your changes were saved.' })).toBeVisible();
  await expect(details.getByText(/^about \d+ \(born 1972, estimated\)$/)).toBeVisible();

  // The head changes on the household page; the former head becomes the spouse.
  await gotoReady(page, householdPath);
  const head = page.getByRole('region', { name: 'Change the head of household' });
  await head.getByLabel('New head of household', { exact: true }).selectOption({ label: `ចាន់ ${spouseName}` });
  await head
    .getByLabel('Relationship of the former head to the new head', { exact: true })
    .selectOption({ label: 'Spouse' });
  await head.getByRole('button', { name: 'Change the head' }).click();
  await expect(head.getByRole('status')).toHaveText('The head of household was changed.');
  const members = page.getByRole('region', { name: 'Members' });
  await expect(members.getByRole('row').nth(1).getByRole('rowheader')).toHaveText(`ចាន់ ${spouseName}`);
  await expect(members.getByRole('row').filter({ hasText: headName })).toContainText('Spouse');

  // The former head leaves.
  await members.getByRole('link', { name: `សុខ ${headName}` }).click();
  const exit = page.getByRole('region', { name: 'Record an exit' });
  // The form is folded behind a first step: nothing destructive is open on the page.
  await expect(exit.getByLabel('Date of exit', { exact: true })).toBeHidden();
  await exit.getByRole('button', { name: 'Record the exit…' }).click();
  await expect(exit.getByLabel('Date of exit', { exact: true })).toBeFocused();
  await exit.getByLabel('Date of exit', { exact: true }).fill('2025-02-01');
  await exit.getByLabel('Reason for the exit', { exact: true }).fill('Moved to Phnom Penh for work');
  await exit.getByRole('button', { name: 'Record the exit', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Member' }).getByText('Moved to Phnom Penh for work')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Record an exit' })).toHaveCount(0);

  const history = page.getByRole('region', { name: 'History' }).getByRole('row');
  await expect(history.filter({ hasText: 'Exit recorded' })).toContainText('Status: Active → Exited');
  await expect(history.filter({ hasText: 'Exit recorded' })).toContainText('Date of exit: — → Feb 1, 2025');
  await expect(history.filter({ hasText: 'Relationship to the head: Head of household → Spouse' })).toContainText(
    officer.name,
  );
  await expect(history.filter({ hasText: 'Member added' })).toContainText(`Given name (Khmer): ${headName}`);

  // The JSON form of the same record, with the same session.
  const json = await page.request.get(`/api/v1${householdPath}`);
  expect(json.status()).toBe(200);
  const body = (await json.json()) as { members: { givenNameKm: string; relationship: string; status: string }[] };
  expect(body.members.map((m) => [m.givenNameKm, m.relationship, m.status])).toEqual([
    [spouseName, 'head', 'active'],
    [headName, 'spouse', 'exited'],
  ]);
  await page.context().close();
});
