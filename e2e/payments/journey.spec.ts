import { readFile } from 'node:fs/promises';
import { randomInt } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Browser, Locator, Page } from '@playwright/test';
import { activate, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { peerUrl } from '../fixtures/peer';
import { expect, test } from '../fixtures/test';
import { gotoReady } from '../fixtures/ui';
import { chooseKepVillage, ensureGazetteer, KEP_VILLAGE } from '../records/gazetteer';
import { khmerName, signedInPage } from '../records/helpers';

// Issue 10's whole journey, in the browser, against the production build: a programme with a household
// amount and a per-member rule, bulk enrolment from a search with its preview, a payment list made by one
// user and approved by another, the provider file checked against the list's total, a results file with a
// failed line, the failed line carried into a follow-up list, the household's payments, and the registry
// holding the programme for the head (the in-app worker syncs every second in the e2e).

/** The value of one term ("Total", "Paid", …) of a description list inside `scope`. */
const term = (scope: Locator, name: string): Locator =>
  scope
    .locator('div')
    .filter({
      has: scope
        .page()
        .getByRole('term')
        .filter({ hasText: new RegExp(`^${name}$`) }),
    })
    .getByRole('definition');

/** "160,000 ៛ (2 Lines)" → 160000 (the riel amount before the count). */
const riel = (text: string | null): number => Number((text ?? '').split('(')[0]!.replace(/\D/g, ''));

const totals = (page: Page) => page.getByRole('region', { name: 'Totals', exact: true });

interface Person {
  surnameKm: string;
  givenNameKm: string;
  sex: 'Female' | 'Male';
  birthDate: string;
}

/**
 * Enrols a household (the head, then a spouse) through the enrolment form; returns its page's path.
 * Each person has their own surname and birth date, so that no "possible duplicate" interrupts.
 */
async function enrolHousehold(page: Page, head: Person, spouse?: Person): Promise<string> {
  await gotoReady(page, '/households/new');
  const household = page.getByRole('group', { name: 'Household', exact: true });
  await chooseKepVillage(household.getByRole('group', { name: 'Address', exact: true }));
  for (const [i, p] of [head, spouse].entries()) {
    if (!p) continue;
    if (i > 0) await page.getByRole('button', { name: 'Add a member' }).click();
    const group = page.getByRole('group', { name: `Member ${i + 1}`, exact: true });
    await group.getByLabel('Surname (Khmer)', { exact: true }).fill(p.surnameKm);
    await group.getByLabel('Given name (Khmer)', { exact: true }).fill(p.givenNameKm);
    await group.getByLabel('Sex', { exact: true }).selectOption({ label: p.sex });
    await group
      .getByLabel('Relationship to the head', { exact: true })
      .selectOption({ label: i === 0 ? 'Head of household' : 'Spouse' });
    await group.getByLabel('Date of birth', { exact: true }).fill(p.birthDate);
  }
  await page.getByRole('button', { name: 'Save household' }).click();
  await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
  // The household's page is shown (the form is gone) before the next navigation.
  await expect(page.getByRole('region', { name: 'Members' })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function staff(
  browser: Browser,
  admin: Parameters<typeof provisionStaff>[1],
  label: string,
  roles: Parameters<typeof provisionStaff>[3],
) {
  return signedInPage(browser, await activate(browser, await provisionStaff(browser, admin, label, roles)));
}

test('a programme from definition to paid, failed and carried lines, seen on the household and in the registry', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  await ensureGazetteer(browser);
  const { admin } = await provisionOperatorAdmin(browser);
  const officer = await staff(browser, admin, 'Payment Maker', ['Payment officer', 'Payment approver']);
  const approver = await staff(browser, admin, 'Payment Checker', ['Payment approver']);
  const page = await signedInPage(browser, admin);

  // Three households in the Kep village: two of two members (they qualify), one alone (does not).
  const [paid, failed, alone] = [khmerName(), khmerName(), khmerName()];
  const person = (surnameKm: string, givenNameKm: string, sex: Person['sex'], birthDate: string) => ({
    surnameKm,
    givenNameKm,
    sex,
    birthDate,
  });
  const paidHousehold = await enrolHousehold(
    page,
    person('សុខ', paid, 'Female', '1975-03-21'),
    person('ចាន់', khmerName(), 'Male', '1971-08-14'),
  );
  const failedHousehold = await enrolHousehold(
    page,
    person('កែវ', failed, 'Female', '1982-06-09'),
    person('ម៉ៅ', khmerName(), 'Male', '1979-01-30'),
  );
  await enrolHousehold(page, person('ហេង', alone, 'Male', '1958-12-02'));

  const code = `PAY-${randomInt(100_000, 999_999)}`;
  let period = '';
  let startDate = '';
  await test.step('the operator administrator defines the programme and activates it', async () => {
    await gotoReady(page, '/programmes/new');
    await expect(page.getByLabel('Code', { exact: true })).toBeEditable();
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByLabel('Name in Khmer', { exact: true }).fill('ឧបត្ថម្ភសាច់ប្រាក់គ្រួសារ');
    await page.getByLabel('Name in English', { exact: true }).fill('Family cash transfer');
    // Monthly (the default), from today: the period paid is this month.
    startDate = await page.getByLabel('Start date', { exact: true }).inputValue();
    period = startDate.slice(0, 7);
    expect(period).toMatch(/^\d{4}-\d{2}$/);
    const eligibility = page.getByRole('group', { name: 'Eligibility', exact: true });
    await eligibility.getByLabel('Household size, at least', { exact: true }).first().fill('2');
    await expect(page.getByRole('region', { name: 'Qualifying households' })).toContainText(
      '2 households of your operator qualify today.',
    );
    await page.getByRole('button', { name: 'Add a household rule' }).click();
    const household = page.getByRole('group', { name: 'Household rule 1', exact: true });
    await household.getByRole('checkbox', { name: 'No IDPoor card' }).check();
    await page.getByLabel('Amount of household rule 1', { exact: true }).fill('40000');
    await page.getByRole('button', { name: 'Add a member rule' }).click();
    const member = page.getByRole('group', { name: 'Member rule 1', exact: true });
    await member.getByLabel('Age at least', { exact: true }).first().fill('18');
    await page.getByLabel('Amount of member rule 1', { exact: true }).fill('20000');
    // The live count above the button settles after its debounce: wait, so the button does not move under the click.
    await expect(page.getByRole('region', { name: 'Qualifying households' })).toContainText(
      '2 households of your operator qualify today.',
    );
    await page.getByRole('button', { name: 'Create programme' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The programme was saved.' })).toBeVisible();
    const rules = page.getByRole('region', { name: 'Benefit rules' });
    await expect(rules).toContainText('40,000 ៛ per household when: IDPoor no IDPoor card.');
    await expect(rules).toContainText('20,000 ៛ per member when: aged 18 or more.');
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'Yes, go ahead' }).click();
    await expect(page.getByRole('button', { name: 'Close programme' })).toBeVisible();
  });

  await test.step('enrols the households a search finds, after a preview that says who qualifies and why not', async () => {
    await page.getByRole('link', { name: 'Enrolments', exact: true }).click();
    await page.getByRole('link', { name: 'Enrol in bulk' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Enrol in bulk: Family cash transfer' })).toBeVisible();
    await page.getByRole('radio', { name: 'The households of the members a search finds' }).check();
    // Places by name, with the household search's address picker: the village found by its name.
    const filters = page.getByRole('group', { name: 'Search', exact: true });
    await filters.getByRole('combobox', { name: 'Or find the village by name' }).fill(KEP_VILLAGE.village);
    await filters
      .getByRole('listbox', { name: 'Villages found' })
      .getByRole('option')
      .filter({ hasText: KEP_VILLAGE.province })
      .first()
      .click();
    await expect(filters.getByLabel('Province or capital', { exact: true })).toHaveValue(KEP_VILLAGE.code.slice(0, 2));
    await expect(filters.getByLabel('Village', { exact: true })).toHaveValue(KEP_VILLAGE.code);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    const reason = (name: string) => preview.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
    await expect(reason('Will be enrolled').first()).toHaveText('2');
    await expect(reason('Will be enrolled').nth(1)).toContainText(paid);
    await expect(reason('Will be enrolled').nth(1)).toContainText(failed);
    await expect(reason('Not eligible').first()).toHaveText('1');
    await expect(reason('Not eligible').nth(1)).toContainText(alone);
    await expect(reason('Already enrolled').first()).toHaveText('0');
    await preview.getByRole('button', { name: 'Enrol 2 households' }).click();
    // The preview is computed again after the confirmation: both households are now enrolled. (The
    // "2 households enrolled." message can be replaced by that refresh before it is read.)
    await expect(reason('Already enrolled').first()).toHaveText('2');
    await expect(reason('Will be enrolled').first()).toHaveText('0');
  });

  let listPath = '';
  await test.step('a payment officer generates the month’s list and submits it', async () => {
    await gotoReady(officer, '/payments');
    await officer.getByRole('link', { name: 'Generate a payment list' }).click();
    await expect(officer.getByRole('heading', { level: 1, name: 'Generate a payment list' })).toBeVisible();
    await officer.getByLabel('Programme', { exact: true }).selectOption({ label: `${code} — Family cash transfer` });
    await officer.getByLabel('Period', { exact: true }).fill(period);
    await officer.getByRole('button', { name: 'Generate' }).click();
    await expect(officer.getByRole('status').filter({ hasText: 'lines generated' })).toHaveText(
      '2 lines generated. Left out: 0 with an amount of 0, 0 no longer eligible.',
    );
    listPath = new URL(officer.url()).pathname;
    // 40,000 per household and 20,000 for each of its two adults.
    await expect(term(totals(officer), 'Total')).toHaveText('160,000 ៛ (2 Lines)');
    await officer.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(officer.getByText('Submitted for approval', { exact: true })).toBeVisible();
  });

  await test.step('the maker may not approve it; another approver does', async () => {
    const actions = officer.getByRole('region', { name: 'What next' });
    await expect(actions).toContainText('You generated or submitted this list, so another approver must approve it.');
    await expect(actions.getByRole('button', { name: 'Approve' })).toHaveCount(0);

    await gotoReady(approver, listPath);
    await approver.getByRole('region', { name: 'What next' }).getByRole('button', { name: 'Approve' }).click();
    await expect(approver.getByText('Approved', { exact: true })).toBeVisible();
    await expect(term(approver.getByRole('region', { name: 'Details' }), 'Approved by')).toContainText(
      'Payment Checker',
    );
    await approver.context().close();
  });

  let refs: { paid: string; failed: string } = { paid: '', failed: '' };
  await test.step('the provider file’s amounts add up to the list’s total', async () => {
    await gotoReady(officer, listPath);
    const shown = riel(await term(totals(officer), 'Total').textContent());
    await officer.getByRole('link', { name: 'Download file' }).click();
    await expect(officer.getByRole('heading', { level: 1, name: /^Provider file · / })).toBeVisible();
    // No provider set up: the default layout, as CSV.
    await expect(officer.getByLabel('Provider', { exact: true })).toHaveValue('');
    await expect(officer.getByLabel('Format of the default layout', { exact: true })).toHaveValue('csv');
    const downloading = officer.waitForEvent('download');
    await officer.getByRole('button', { name: 'Download the file' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const rows = parse(await readFile(await download.path()), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.currency === 'KHR')).toBe(true);
    expect(rows.reduce((sum, r) => sum + Number(r.amount), 0)).toBe(shown);
    const refOf = (given: string) => rows.find((r) => r.recipient_name!.includes(given))!.line_ref!;
    refs = { paid: refOf(paid), failed: refOf(failed) };
    await gotoReady(officer, listPath);
    await expect(officer.getByText('Exported to the provider', { exact: true })).toBeVisible();
  });

  await test.step('the provider’s results, one line failed: the list counts paid and failed', async () => {
    await officer.getByRole('link', { name: 'Import results' }).click();
    const results = [
      'line_ref,status,reason,date_paid',
      `${refs.paid},paid,,${startDate}`,
      `${refs.failed},failed,Wallet closed,`,
    ].join('\n');
    await officer.getByLabel('Results file', { exact: true }).setInputFiles({
      name: 'results.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${results}\n`),
    });
    await officer.getByRole('button', { name: 'Import results' }).click();
    await expect(officer.getByRole('status').filter({ hasText: 'rows read' })).toHaveText(
      '2 rows read: 1 paid, 1 failed, 2 lines changed, 0 with a problem. Every line is settled: the list is reconciled.',
    );
    await gotoReady(officer, listPath);
    await expect(officer.getByText('Reconciled', { exact: true })).toBeVisible();
    await expect(term(totals(officer), 'Paid')).toHaveText('80,000 ៛ (1)');
    await expect(term(totals(officer), 'Failed')).toHaveText('80,000 ៛ (1)');
    const lines = officer.getByRole('region', { name: 'Lines', exact: true });
    await expect(lines.getByRole('row').filter({ hasText: refs.paid }).getByRole('cell').last()).toHaveText('Paid');
    await expect(lines.getByRole('row').filter({ hasText: refs.failed }).getByRole('cell').last()).toHaveText('Failed');
  });

  await test.step('the failed line is carried into a follow-up list', async () => {
    const actions = officer.getByRole('region', { name: 'What next' });
    await actions.getByRole('button', { name: 'Carry the 1 failed lines into a follow-up list' }).click();
    // Once carried, the page names the follow-up list (and the button goes: nothing is left to carry).
    await expect(actions.getByRole('button', { name: /^Carry the/ })).toHaveCount(0);
    await term(officer.getByRole('region', { name: 'Details' }), 'Unpaid lines carried into')
      .getByRole('link')
      .click();
    await expect(officer.getByRole('heading', { level: 1, name: /^Payment list / })).toBeVisible();
    await expect(term(officer.getByRole('region', { name: 'Details' }), 'Carries the unpaid lines of')).toBeVisible();
    await expect(term(totals(officer), 'Total')).toHaveText('80,000 ៛ (1 Lines)');
    const lines = officer.getByRole('region', { name: 'Lines', exact: true });
    await expect(lines.getByRole('row').filter({ hasText: failed }).getByRole('cell').last()).toHaveText('Pending');
    await officer.context().close();
  });

  await test.step('the household pages show the payments', async () => {
    const payments = page
      .getByRole('region', { name: 'Programmes and payments' })
      .getByRole('region', { name: 'Payments', exact: true });
    await gotoReady(page, paidHousehold);
    await expect(payments.getByRole('row').filter({ hasText: period })).toHaveCount(1);
    await expect(payments.getByRole('row').filter({ hasText: period })).toContainText('80,000');
    await expect(payments.getByRole('row').filter({ hasText: period })).toContainText('Paid');
    await gotoReady(page, failedHousehold);
    // The failed line, and its follow-up waiting to be paid.
    await expect(payments.getByRole('row').filter({ hasText: 'Failed' })).toHaveCount(1);
    await expect(payments.getByRole('row').filter({ hasText: 'Pending' })).toHaveCount(1);
  });

  await test.step('the registry holds the programme, with the benefit paid, for the head', async () => {
    await gotoReady(page, paidHousehold);
    await page
      .getByRole('region', { name: 'Members' })
      .getByRole('link', { name: new RegExp(paid) })
      .click();
    await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}$/);
    const memberPath = new URL(page.url()).pathname;
    const registry = page.getByRole('region', { name: 'Registry status', exact: true });
    // The worker sends the member's new versions (enrolment, paid line); the panel shows what the
    // registry accepted once it has answered the latest one.
    await expect(async () => {
      await gotoReady(page, memberPath);
      await expect(term(registry, 'Programmes the registry holds')).toContainText(
        /Family cash transfer \(.+\): Active/,
        { timeout: 1_000 },
      );
    }).toPass({ timeout: 90_000, intervals: [1_000, 2_000] });
    const spid = (await term(registry, 'SPID').textContent())!.trim();
    expect(spid).toMatch(/^\d{10}$/);

    // And the registry's own side says so: the person it holds carries the programme and the benefit.
    const res = await fetch(`${peerUrl()}/__peer/persons/${spid}`);
    expect(res.status).toBe(200);
    const body = JSON.stringify(await res.json());
    expect(body).toContain(`/${code}`);
    expect(body).toContain('Family cash transfer');
    expect(body).toContain('KHR 80000');
  });
  await page.context().close();
});
