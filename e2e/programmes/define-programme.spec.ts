import { messages } from '../fixtures/messages';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';
import { enrol, khmerName, signedInPage } from '../records/helpers';

const km = messages('km');

test('an operator administrator defines a programme, watches the live count, activates it and finds it in the list', async ({
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  const page = await signedInPage(browser, admin);
  // One household of this operator, enrolled with no IDPoor card: what the live count can see.
  await enrol(page, khmerName());

  await gotoReady(page, '/programmes');
  await page.getByRole('link', { name: 'New programme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New programme' })).toBeVisible();
  await expect(page.getByLabel('Code', { exact: true })).toBeEditable();
  await page.getByLabel('Code', { exact: true }).fill('CCT-E2E');
  await page.getByLabel('Name in Khmer', { exact: true }).fill('ឧបត្ថម្ភសាច់ប្រាក់');
  await page.getByLabel('Name in English', { exact: true }).fill('Cash transfer');

  // The count follows the eligibility condition as it is edited.
  const count = page.getByRole('region', { name: 'Qualifying households' });
  await expect(count).toContainText('Fix these to see how many households qualify');
  const eligibility = page.getByRole('group', { name: 'Eligibility', exact: true });
  await eligibility.getByRole('checkbox', { name: 'No IDPoor card' }).check();
  await expect(count).toContainText('1 household of your operator qualifies today.');
  await eligibility.getByRole('checkbox', { name: 'No IDPoor card' }).uncheck();
  await eligibility.getByRole('checkbox', { name: 'Level 1' }).check();
  await expect(count).toContainText('No household of your operator qualifies today.');
  await eligibility.getByRole('checkbox', { name: 'No IDPoor card' }).check();
  await expect(count).toContainText('1 household of your operator qualifies today.');

  // A household amount and one per-member rule; amounts typed in riel.
  await page.getByRole('button', { name: 'Add a household rule' }).click();
  const household = page.getByRole('group', { name: 'Household rule 1', exact: true });
  await household.getByRole('checkbox', { name: 'No IDPoor card' }).check();
  await page.getByLabel('Amount of household rule 1', { exact: true }).fill('40,000');
  await page.getByRole('button', { name: 'Add a member rule' }).click();
  const member = page.getByRole('group', { name: 'Member rule 1', exact: true });
  const memberAmount = page.getByLabel('Amount of member rule 1', { exact: true });
  await memberAmount.fill('20000.5');
  // The live count (above the button) lists the rules' errors after its debounce: wait for it, so the
  // page no longer moves under the click.
  await expect(count).toContainText('Say whom this rule is for');
  await page.getByRole('button', { name: 'Create programme' }).click();
  // Refused beside the fields: a rule that says nothing of whom it is for, a fraction of riel.
  const noCondition = 'Say whom this rule is for: give at least one condition.';
  await expect(member.getByText(noCondition)).toBeVisible();
  await expect(memberAmount).toHaveAccessibleDescription(
    'In riel, a whole number, e.g. 40000. Riel has no smaller unit: enter a whole number of riel, such as 40000.',
  );
  await member.getByLabel('Age at least', { exact: true }).first().fill('60');
  await expect(member.getByText(noCondition)).toBeHidden();
  // Nothing typed was lost.
  await expect(page.getByLabel('Code', { exact: true })).toHaveValue('CCT-E2E');
  await memberAmount.fill('20000');
  await expect(count).toContainText('1 household of your operator qualifies today.');
  await page.getByRole('button', { name: 'Create programme' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'CCT-E2E · Cash transfer · ឧបត្ថម្ភសាច់ប្រាក់' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'The programme was saved.' })).toBeVisible();
  const rules = page.getByRole('region', { name: 'Benefit rules' });
  await expect(rules).toContainText('40,000 ៛ per household when: IDPoor no IDPoor card.');
  await expect(rules).toContainText('20,000 ៛ per member when: aged 60 or more.');
  await expect(page.getByRole('link', { name: 'Enrolments' })).toHaveAttribute(
    'href',
    /\/programmes\/[0-9a-f-]{36}\/enrolments$/,
  );
  await expect(page.getByRole('link', { name: 'Payment lists' })).toHaveAttribute(
    'href',
    /\/payments\?programme=[0-9a-f-]{36}$/,
  );

  // Activation asks first.
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Activate this programme?');
  await page.getByRole('button', { name: 'Yes, go ahead' }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close programme' })).toBeVisible();

  // While active, the names may change; the rules are shown but cannot be edited.
  await page.getByRole('link', { name: 'Edit programme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit programme CCT-E2E' })).toBeVisible();
  await expect(page.getByLabel('Amount of household rule 1', { exact: true })).toHaveValue('40000');
  await expect(page.getByLabel('Amount of household rule 1', { exact: true })).toBeDisabled();
  await page.getByLabel('Name in English', { exact: true }).fill('Cash transfer 2027');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'CCT-E2E · Cash transfer 2027 · ឧបត្ថម្ភសាច់ប្រាក់' }),
  ).toBeVisible();

  await gotoReady(page, '/programmes');
  const row = page.getByRole('row').filter({ hasText: 'CCT-E2E' });
  await expect(row.getByRole('cell')).toHaveText([
    'CCT-E2E',
    'Cash transfer 2027 · ឧបត្ថម្ភសាច់ប្រាក់',
    'Cash',
    'KHR',
    'Monthly',
    /^from /,
    'Active',
  ]);

  // In Khmer: the Khmer name first, the status in Khmer.
  await page.getByRole('button', { name: 'ខ្មែរ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: km.programmes.title })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'CCT-E2E' }).getByRole('cell').nth(1)).toHaveText(
    'ឧបត្ថម្ភសាច់ប្រាក់ · Cash transfer 2027',
  );
  await expect(page.getByRole('row').filter({ hasText: 'CCT-E2E' }).getByRole('cell').nth(6)).toHaveText(
    km.programmes.status.active,
  );
  await page.context().close();
});

test('two administrators edit the same programme: the second sees the first one’s values and chooses', async ({
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  const a = await signedInPage(browser, admin);
  await gotoReady(a, '/programmes/new');
  await a.getByLabel('Code', { exact: true }).fill('CONFLICT');
  await a.getByLabel('Name in Khmer', { exact: true }).fill('កម្មវិធីសាកល្បង');
  await a.getByLabel('Name in English', { exact: true }).fill('First name');
  await a.getByRole('group', { name: 'Eligibility', exact: true }).getByRole('checkbox', { name: 'Level 2' }).check();
  await a.getByRole('button', { name: 'Create programme' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'The programme was saved.' })).toBeVisible();
  const editPath = `${new URL(a.url()).pathname}/edit`;

  const b = await signedInPage(browser, admin);
  await gotoReady(a, editPath);
  await gotoReady(b, editPath);
  await a.getByLabel('Name in English', { exact: true }).fill('Name from A');
  await a.getByRole('button', { name: 'Save changes' }).click();
  await expect(a.getByRole('heading', { level: 1, name: /Name from A/ })).toBeVisible();

  await b.getByLabel('Description', { exact: true }).fill('Written by B');
  await b.getByRole('button', { name: 'Save changes' }).click();
  const conflict = b.getByRole('region', { name: 'Someone else changed this programme' });
  await expect(conflict.getByRole('row', { name: /^Name in English/ }).getByRole('cell')).toHaveText([
    'Name from A',
    'First name',
  ]);
  await expect(b.getByLabel('Description', { exact: true })).toHaveValue('Written by B');
  await conflict.getByRole('button', { name: 'Take their version' }).click();
  await expect(b.getByLabel('Name in English', { exact: true })).toHaveValue('Name from A');
  await b.getByLabel('Description', { exact: true }).fill('Written by B');
  await b.getByRole('button', { name: 'Save changes' }).click();
  await expect(b.getByRole('heading', { level: 1, name: /Name from A/ })).toBeVisible();
  await expect(b.getByRole('region', { name: 'Details' })).toContainText('Written by B');
  await a.context().close();
  await b.context().close();
});
