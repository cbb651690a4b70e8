import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, Page } from '@playwright/test';
import { activate, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, mainNav, signIn } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';

// The villages of the file (23010101, 23010102) are in the Kep extract of the test fixtures, which
// every spec that enrols shares (e2e/records/gazetteer.ts) and is in the full gazetteer too.

const HEADER = [
  'លេខយោងគ្រួសារ / Household reference',
  'Village code',
  'Surname (Khmer)',
  'Given name (Khmer)',
  'Sex',
  'Date of birth',
  'Relationship to the head',
  'Khmer ID number',
  'Household phone',
];
const LETTERS = [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ'];
const name = (i: number) =>
  [0, 1, 2].map((k) => LETTERS[Math.floor(i / LETTERS.length ** k) % LETTERS.length]).join('');

/** 250 households of four (1,000 rows); six of them carry one bad row each. */
function memberFile() {
  const rows: string[][] = [];
  const bad = new Map<number, string>([
    [10, 'date'],
    [50, 'id'],
    [90, 'sex'],
    [130, 'phone'],
    [170, 'heads'],
    [210, 'village'],
  ]);
  for (let h = 0; h < 250; h++) {
    const village = h % 2 ? '23010102' : '23010101';
    const base = [`HH-${h}`, village];
    const family = [
      [...base, name(h * 4), 'ដារ៉ា', 'M', '1975-04-12', 'head', String(300_000_000 + h), '012 345 678'],
      ['', '', name(h * 4 + 1), 'សុភា', 'F', '1979-09-30', 'spouse', '', ''],
      ['', '', name(h * 4 + 2), 'វិចិត្រ', 'M', '2005-01-15', 'child', '', ''],
      ['', '', name(h * 4 + 3), 'ស្រីនាង', 'F', '2012-07-01', 'child', '', ''],
    ];
    for (const member of family.slice(1)) member[0] = `HH-${h}`;
    const problem = bad.get(h);
    if (problem === 'date') family[2]![5] = '2023-02-30';
    if (problem === 'id') family[0]![7] = '1234567890';
    if (problem === 'sex') family[3]![4] = 'X';
    if (problem === 'phone') family[0]![8] = '+33 6 12 34 56 78';
    if (problem === 'heads') family[1]![6] = 'head';
    if (problem === 'village') family[0]![1] = '99999999';
    rows.push(...family);
  }
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${[HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}

/** An enrolment officer of a new operator, signed in on `page`. */
async function signInAsNewOfficer(browser: Browser, page: Page, name: string) {
  await ensureGazetteer(browser);
  const { admin } = await provisionOperatorAdmin(browser);
  await signIn(page, await activate(browser, await provisionStaff(browser, admin, name, ['Enrolment officer'])));
}

test('an enrolment officer imports 1,000 rows with some bad ones, follows the progress and downloads the report', async ({
  browser,
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsNewOfficer(browser, page, 'Import Officer');
  await mainNav(page).getByRole('link', { name: 'Households' }).click();
  await page.getByRole('link', { name: 'Import households from a file' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import households' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download the Excel template' })).toBeVisible();

  // Nothing chosen: said beside the form, nothing sent.
  await page.getByRole('button', { name: 'Upload and check' }).click();
  const fileInput = page.getByLabel('File (CSV or Excel .xlsx)', { exact: true });
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Choose a file first.');
  await expect(fileInput).toHaveAccessibleDescription('Choose a file first.');

  await fileInput.setInputFiles({ name: 'members-1000.csv', mimeType: 'text/csv', buffer: Buffer.from(memberFile()) });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'The file was uploaded. It is being checked; you can leave this page and come back.',
  );

  const job = page.getByRole('row').filter({ hasText: 'members-1000.csv' });
  const progress = job.getByRole('progressbar', { name: 'Progress of members-1000.csv' });
  await expect(progress).toHaveAttribute('value', '100', { timeout: 120_000 });
  await expect(job.getByText('Done', { exact: true })).toBeVisible();
  // The "being checked" notice goes once the job has ended.
  await expect(page.getByText('It is being checked;')).toHaveCount(0);
  await expect(job).toContainText(
    '1,000 rows · 24 not imported · 244 households and 976 members created · 0 already present',
  );

  // Leaving the page and coming back shows the same job, finished.
  await gotoReady(page, '/');
  await gotoReady(page, '/households/import');
  await expect(job).toContainText('244 households and 976 members created');

  const download = page.waitForEvent('download');
  await job.getByRole('link', { name: 'Download the report of members-1000.csv' }).click();
  const file = await (await download).path();
  const report = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as string[][];
  expect(report[0]!.slice(0, 3)).toEqual(['Row', 'Column', 'Problem']);
  const problems = report.slice(1).filter((r) => !r[2]!.startsWith('Not imported because'));
  // Row numbers as in the spreadsheet: the header is row 1, household h starts at row 2 + 4h.
  expect(problems.map((r) => r.slice(0, 3))).toEqual([
    ['44', 'Date of birth', 'This date does not exist.'],
    ['202', 'Khmer ID number', 'A Khmer ID has 9 digits.'],
    ['365', 'Sex', 'Unknown value. Use one of: F, M.'],
    ['522', 'Household phone', 'Enter a valid Cambodian phone number, e.g. 012 345 678.'],
    ['682', 'Relationship to the head', 'Only one member can be head of household.'],
    ['683', 'Relationship to the head', 'Only one member can be head of household.'],
    ['842', 'Village code', 'This village is not in the gazetteer (or no longer exists).'],
  ]);
  // Every row of the six households is listed, with its original values.
  expect(new Set(report.slice(1).map((r) => r[0])).size).toBe(24);
  const header = report[0]!;
  expect(report.find((r) => r[0] === '44')![header.indexOf('Date of birth')]).toBe('2023-02-30');

  // A refused upload says why: here the session has ended meanwhile.
  await page.context().clearCookies();
  await fileInput.setInputFiles({ name: 'late.csv', mimeType: 'text/csv', buffer: Buffer.from(memberFile()) });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Your session has ended. Sign in again.');
});

test('the Excel template, downloaded, filled in with a household and uploaded, imports it', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  await signInAsNewOfficer(browser, page, 'Template Officer');
  await gotoReady(page, '/households/import');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the Excel template' }).click();
  const template = await (await download).path();

  // Filled in as a person would: the data sheet (the second tab), under its header, by column name.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const sheet = wb.getWorksheet('សមាជិក - Members')!;
  // Cell values are a sparse array from index 1: Array.from fills the holes.
  const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
  const at = (label: string) => header.findIndex((h) => h.endsWith(` / ${label}`));
  const values: Record<string, string>[] = [
    {
      'Household reference': 'XL-1',
      'Village code': '23010101',
      'Surname (Khmer)': 'កែវ',
      'Given name (Khmer)': 'សុភាព',
      Sex: 'F',
      'Date of birth': '1982-11-03',
      'Relationship to the head': 'head',
    },
    {
      'Household reference': 'XL-1',
      'Surname (Khmer)': 'កែវ',
      'Given name (Khmer)': 'បូរ៉ា',
      Sex: 'M',
      'Date of birth': '2010-06-21',
      'Relationship to the head': 'child',
    },
  ];
  values.forEach((row, i) => {
    for (const [label, value] of Object.entries(row)) sheet.getRow(2 + i).getCell(at(label)).value = value;
  });
  const filled = Buffer.from(await wb.xlsx.writeBuffer());

  await page.getByLabel('File (CSV or Excel .xlsx)', { exact: true }).setInputFiles({
    name: 'filled-template.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: filled,
  });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  const job = page.getByRole('row').filter({ hasText: 'filled-template.xlsx' });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(job).toContainText('2 rows · 0 not imported · 1 households and 2 members created · 0 already present');
});
