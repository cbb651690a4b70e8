import type { Page } from '@playwright/test';
import { messages } from '../fixtures/messages';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, switchToEnglish } from '../fixtures/ui';
import { activeProgramme, enrolInProgramme, generateThisMonthsList } from '../enrolments/programme';
import { ensureGazetteer, KEP_VILLAGE } from '../records/gazetteer';
import { enrolHousehold, uniqueGivenName } from '../registry/helpers';

// Issue 14, in Khmer, in a browser whose Intl has no Khmer data (Debian's Chromium; the init script
// below makes any Chromium behave so): dates and digits on the search page and on a household's page
// are the server's text, React does not throw the page away (error #418), and nothing is logged as an
// error. The filters' address picker is used by keyboard only.

const km = messages('km');

/** Intl as a browser without Khmer locale data has it: a Khmer request falls back to English. */
function withoutKhmerIntl() {
  const strip = (locales: unknown) => {
    const list = (Array.isArray(locales) ? locales : [locales]).filter(
      (l) => typeof l === 'string' && !/^km\b/i.test(l),
    );
    return list.length ? list : ['en-US'];
  };
  const I = Intl as unknown as Record<string, unknown>;
  for (const name of ['DateTimeFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat', 'ListFormat']) {
    const Original = I[name] as (new (l?: unknown, o?: unknown) => object) & {
      supportedLocalesOf(l: unknown): string[];
    };
    if (!Original) continue;
    const Wrapped = function (locales?: unknown, options?: unknown) {
      return new Original(strip(locales), options);
    } as unknown as { prototype: object; supportedLocalesOf(l: unknown): string[] };
    Wrapped.prototype = Original.prototype;
    Wrapped.supportedLocalesOf = (l: unknown) => Original.supportedLocalesOf(strip(l));
    I[name] = Wrapped;
  }
  for (const method of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'] as const) {
    const original = Date.prototype[method] as (this: Date, l?: unknown, o?: unknown) => string;
    Date.prototype[method] = function (this: Date, l?: unknown, o?: unknown) {
      return original.call(this, strip(l), o);
    } as never;
  }
}

/** Console errors and uncaught exceptions of a page, from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** The page's server-rendered HTML as text (same session), to compare with what the browser shows. */
async function serverText(page: Page, path: string): Promise<string> {
  const html = await (await page.request.get(path)).text();
  return html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' ');
}

test('in Khmer, dates and digits are the server’s in a browser without Khmer Intl, with no console error', async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  await signIn(page, admin);
  await switchToEnglish(page);
  const givenNameKm = uniqueGivenName();
  const householdPath = await enrolHousehold(page, [
    { surnameKm: 'សុខ', givenNameKm, sex: 'Female', relationship: 'Head of household', birthDate: '1980-03-15' },
  ]);

  // Back to Khmer; the switch shows which language is on.
  const khmer = page.getByRole('button', { name: 'ខ្មែរ' }).first();
  await khmer.click();
  await expect(khmer).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'English' }).first()).toHaveAttribute('aria-pressed', 'false');

  await page.addInitScript(withoutKhmerIntl);
  const errors = collectErrors(page);

  // The search page, loaded with a query: the server renders the results, the browser hydrates them.
  const searchPath = `/households?q=${encodeURIComponent(givenNameKm)}`;
  await gotoReady(page, searchPath);
  const results = page.getByRole('region', { name: km.search.results, exact: true }).getByRole('table');
  const row = results.getByRole('row').filter({ hasText: givenNameKm });
  const birth = row.getByRole('cell').nth(2);
  await expect(birth).toHaveText('១៥ មីនា ១៩៨០');
  expect(await serverText(page, searchPath)).toContain('១៥ មីនា ១៩៨០');
  // Intl in this browser really has no Khmer: the page's text is not the browser's own formatting.
  expect(
    await page.evaluate(() => new Intl.DateTimeFormat('km', { month: 'long' }).format(new Date(2026, 2, 15))),
  ).toBe('March');

  // The household's page: the birth date and the enrolment time in Khmer digits and months, no AM/PM.
  await gotoReady(page, householdPath);
  const main = page.getByRole('main');
  await expect(main).toContainText('១៥ មីនា ១៩៨០');
  await expect(main).not.toContainText(/\b(AM|PM)\b|Mar 15|1980/);
  const enrolled = (await main.innerText()).match(/[០-៩]{1,2} [^\s០-៩]+ [០-៩]{4} ម៉ោង [០-៩]{1,2}:[០-៩]{2}/)?.[0];
  expect(enrolled).toBeTruthy();
  expect(await serverText(page, householdPath)).toContain(enrolled!);

  expect(errors).toEqual([]);
});

test('the search filters: places by name, chosen by keyboard, folded behind one button on a phone', async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  await signIn(page, admin);
  const khmer = page.getByRole('button', { name: 'ខ្មែរ' }).first();
  if ((await khmer.getAttribute('aria-pressed')) !== 'true') await khmer.click();
  await expect(khmer).toHaveAttribute('aria-pressed', 'true');
  const errors = collectErrors(page);
  await gotoReady(page, '/households');
  const form = page.getByRole('search', { name: km.search.form });
  const picker = km.gazetteer.picker;

  // By keyboard: type part of the village's Khmer name, arrow down, Enter.
  const villageSearch = form.getByRole('combobox', { name: picker.search });
  await villageSearch.focus();
  await page.keyboard.type(KEP_VILLAGE.villageKm);
  const list = form.getByRole('listbox', { name: picker.results });
  await expect(list).toBeVisible();
  // The national gazetteer may hold other villages of that name: arrow down to Kep's.
  const options = await list.getByRole('option').allInnerTexts();
  const kep = options.findIndex((o) => o.includes(KEP_VILLAGE.province));
  expect(kep).toBeGreaterThanOrEqual(0);
  for (let i = 0; i <= kep; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(form.getByLabel(picker.province, { exact: true })).toHaveValue(KEP_VILLAGE.code.slice(0, 2));
  await expect(form.getByLabel(picker.district, { exact: true })).toHaveValue(KEP_VILLAGE.code.slice(0, 4));
  await expect(form.getByLabel(picker.commune, { exact: true })).toHaveValue(KEP_VILLAGE.code.slice(0, 6));
  await expect(form.getByLabel(picker.village, { exact: true })).toHaveValue(KEP_VILLAGE.code);
  // Options are names, not codes.
  await expect(form.getByLabel(picker.village, { exact: true }).locator('option:checked')).toContainText(
    KEP_VILLAGE.villageKm,
  );
  await expect(page).toHaveURL(new RegExp(`village=${KEP_VILLAGE.code}`));

  // A level chosen with the keyboard clears the levels under it.
  await form.getByLabel(picker.commune, { exact: true }).focus();
  await page.keyboard.press('Home');
  await expect(form.getByLabel(picker.commune, { exact: true })).toHaveValue('');
  await expect(form.getByLabel(picker.village, { exact: true })).toHaveValue('');
  await expect(form.getByLabel(picker.village, { exact: true })).toBeDisabled();

  // On a phone the filters are folded behind one button, which opens them by keyboard.
  await page.setViewportSize({ width: 390, height: 844 });
  await gotoReady(page, '/households');
  const toggle = form.getByRole('button', { name: km.search.filtersButton.replace(/\{.*$/, ''), exact: false });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(form.getByLabel(picker.province, { exact: true })).toBeHidden();
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(form.getByLabel(picker.province, { exact: true })).toBeVisible();
  // With a filter set (a shared link), they are open from the start, and the button counts them.
  await gotoReady(page, `/households?province=${KEP_VILLAGE.code.slice(0, 2)}`);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(toggle).toHaveText('តម្រង (បានកំណត់ ១)');

  expect(errors).toEqual([]);
});

test('in Khmer, amounts of money are written in Khmer digits, as the rest of the page, on every page that shows them', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  await signIn(page, admin);
  await switchToEnglish(page);
  // A household with no IDPoor card in a programme paying 40,000 riel a household, and its payment list.
  const householdPath = await enrolHousehold(page, [
    {
      surnameKm: 'សុខ',
      givenNameKm: uniqueGivenName(),
      sex: 'Female',
      relationship: 'Head of household',
      birthDate: '1980-03-15',
    },
  ]);
  const programme = await activeProgramme(page);
  await enrolInProgramme(page, householdPath, programme);
  const listPath = await generateThisMonthsList(page, programme);
  await expect(page.getByRole('region', { name: 'Totals', exact: true })).toContainText('40,000 ៛');

  const khmer = page.getByRole('button', { name: 'ខ្មែរ' }).first();
  await khmer.click();
  await expect(khmer).toHaveAttribute('aria-pressed', 'true');
  await page.addInitScript(withoutKhmerIntl);
  const errors = collectErrors(page);
  const AMOUNT = '៤០.០០០ ៛';

  // The list's totals: the amount and the count in Khmer digits, the same text as the server's.
  await gotoReady(page, listPath);
  const totals = page.getByRole('region', { name: km.payments.detail.totals, exact: true });
  await expect(totals).toContainText(`${AMOUNT} (១ `);
  await expect(totals).not.toContainText(/[0-9]/);
  expect(await serverText(page, listPath)).toContain(AMOUNT);
  // The list of lists, the programme's rules, the household's payments, the dashboard's payment totals.
  await gotoReady(page, '/payments');
  await expect(page.getByRole('region', { name: km.payments.title, exact: true })).toContainText(AMOUNT);
  await gotoReady(page, programme.path);
  await expect(page.getByRole('region', { name: km.programmes.view.rules, exact: true })).toContainText(AMOUNT);
  await gotoReady(page, householdPath);
  await expect(page.getByRole('main')).toContainText(AMOUNT);
  await gotoReady(page, '/');
  const paymentTotals = km.dashboard.payments.titleCurrency.replace('{currency}', 'KHR');
  await expect(page.getByRole('table', { name: paymentTotals, exact: true })).toContainText(AMOUNT);
  for (const path of ['/payments', '/']) expect(await serverText(page, path)).not.toContain('40,000');

  expect(errors).toEqual([]);
});
