import { randomInt } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import type { Account } from '../fixtures/data';
import { PASSWORDS } from '../fixtures/data';
import { messages } from '../fixtures/messages';
import { provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, mainNav, signIn } from '../fixtures/ui';
import { ensureGazetteer, KEP_VILLAGE } from '../records/gazetteer';

// Issue 3, in Khmer: an enrolment officer whose browser asks for Khmer (an account that has not
// chosen a language follows the browser), and who never switches, enrols a household of three through the form, then finds it again
// from the search box by a piece of a Khmer given name and by a Latin name spelled another way.
// Every label is read from messages/km, so a reworded message does not need a second edit here.

const km = messages('km');

/** A message with its {placeholders} filled, as next-intl renders plain arguments. */
const fill = (message: string, values: Record<string, string | number>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A message as a whole-text pattern: placeholders given as text are literal, as a RegExp a pattern, others anything. */
const pattern = (message: string, values: Record<string, string | number | RegExp> = {}) =>
  new RegExp(
    `^${message
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (!name) return escape(part);
        const value = values[name];
        return value === undefined ? '.+' : value instanceof RegExp ? value.source : escape(String(value));
      })
      .join('')}$`,
  );

interface Person {
  surnameKm: string;
  givenNameKm: string;
  surnameLatin: string;
  givenNameLatin: string;
  sex: 'F' | 'M';
  relationship: 'head' | 'spouse' | 'child';
  born: { date: string } | { estimatedYear: number };
  khmerId?: string;
}

// Realistic names: the search runs within the officer's own operator, made for this test alone,
// so no other spec's members can come up. A 9-digit Khmer ID that does not start with 0.
const HEAD: Person = {
  surnameKm: 'ចាន់',
  givenNameKm: 'សុខា',
  surnameLatin: 'Chan',
  givenNameLatin: 'Sokha',
  sex: 'M',
  relationship: 'head',
  born: { date: '1978-05-14' },
  khmerId: String(randomInt(100_000_000, 1_000_000_000)),
};
const SPOUSE: Person = {
  surnameKm: 'ម៉ៅ',
  givenNameKm: 'ចិន្តា',
  surnameLatin: 'Mao',
  givenNameLatin: 'Chenda',
  sex: 'F',
  relationship: 'spouse',
  born: { estimatedYear: 1982 },
};
const CHILD: Person = {
  surnameKm: 'ចាន់',
  givenNameKm: 'រិទ្ធី',
  surnameLatin: 'Chan',
  givenNameLatin: 'Rithy',
  sex: 'M',
  relationship: 'child',
  born: { date: '2012-09-03' },
};
const nameKm = (p: Person) => `${p.surnameKm} ${p.givenNameKm}`;
const nameLatin = (p: Person) => `${p.surnameLatin} ${p.givenNameLatin}`;

/** The first sign-in of an account an administrator made, done in Khmer: the forced password change. */
async function firstSignInInKhmer(page: Page, account: Account): Promise<void> {
  await gotoReady(page, '/signin');
  await expect(page.getByRole('heading', { level: 1, name: km.signIn.title })).toBeVisible();
  await signIn(page, account);
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole('heading', { level: 1, name: km.account.changePassword })).toBeVisible();
  await page.getByLabel(km.fields.currentPassword, { exact: true }).fill(account.password);
  await page.getByLabel(km.fields.newPassword, { exact: true }).fill(PASSWORDS.chosen);
  await page.getByLabel(km.fields.confirmPassword, { exact: true }).fill(PASSWORDS.chosen);
  await page.getByRole('button', { name: km.account.changePassword }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: fill(km.home.welcome, { name: account.name }) }),
  ).toBeVisible();
}

async function fillMember(group: Locator, p: Person) {
  const e = km.enrol;
  await group.getByLabel(e.surnameKm, { exact: true }).fill(p.surnameKm);
  await group.getByLabel(e.givenNameKm, { exact: true }).fill(p.givenNameKm);
  await group.getByLabel(e.surnameLatin, { exact: true }).fill(p.surnameLatin);
  await group.getByLabel(e.givenNameLatin, { exact: true }).fill(p.givenNameLatin);
  await group.getByLabel(e.sex, { exact: true }).selectOption({ label: km.sexes[p.sex] });
  await group.getByLabel(e.relationship, { exact: true }).selectOption({ label: km.relationships[p.relationship] });
  if ('date' in p.born) {
    await group.getByLabel(e.birthDate, { exact: true }).fill(p.born.date);
  } else {
    // Only the year is known: the date field gives way to the estimated year.
    await group.getByLabel(e.birthEstimated, { exact: true }).check();
    await expect(group.getByLabel(e.birthDate, { exact: true })).toHaveCount(0);
    await group.getByLabel(e.birthYear, { exact: true }).fill(String(p.born.estimatedYear));
  }
  if (p.khmerId) await group.getByLabel(e.khmerId, { exact: true }).fill(p.khmerId);
}

/** Searches from the Households page's search box; returns the table of members found. */
async function search(page: Page, text: string): Promise<Locator> {
  const form = page.getByRole('search', { name: km.search.form });
  await form.getByRole('searchbox', { name: km.search.query, exact: true }).fill(text);
  await form.getByRole('button', { name: km.search.submit, exact: true }).click();
  return page.getByRole('region', { name: km.search.results, exact: true }).getByRole('table');
}

test('an officer working in Khmer enrols a household of three and finds it by a Khmer fragment and by another Latin spelling', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { operator, admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  const officer = await provisionStaff(browser, admin, 'Khmer Officer', ['Enrolment officer']);
  // The officer's browser asks for Khmer (the provisioning above used browsers that ask for English).
  const context = await browser.newContext({ locale: 'km-KH' });
  const page = await context.newPage();
  await firstSignInInKhmer(page, officer);

  // From the main navigation to the enrolment form.
  await mainNav(page).getByRole('link', { name: km.shell.nav.households, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: km.search.title })).toBeVisible();
  await page.getByRole('link', { name: km.enrol.title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: km.enrol.title })).toBeVisible();

  // The household: its village chosen level by level in the address picker (options are codes).
  const household = page.getByRole('group', { name: km.enrol.household, exact: true });
  const picker = household.getByRole('group', { name: km.gazetteer.picker.legend, exact: true });
  await picker.getByLabel(km.gazetteer.picker.province, { exact: true }).selectOption(KEP_VILLAGE.code.slice(0, 2));
  await picker.getByLabel(km.gazetteer.picker.district, { exact: true }).selectOption(KEP_VILLAGE.code.slice(0, 4));
  await picker.getByLabel(km.gazetteer.picker.commune, { exact: true }).selectOption(KEP_VILLAGE.code.slice(0, 6));
  await picker.getByLabel(km.gazetteer.picker.village, { exact: true }).selectOption(KEP_VILLAGE.code);
  await household.getByLabel(km.enrol.addressLine, { exact: true }).fill('ផ្ទះលេខ ១២ ផ្លូវលេខ ៣៣');
  await household.getByLabel(km.enrol.phone, { exact: true }).fill('097 765 4321');

  // Three members: the form starts with the head; each added member starts as a child.
  await fillMember(page.getByRole('group', { name: fill(km.enrol.member, { number: '១' }), exact: true }), HEAD);
  await page.getByRole('button', { name: km.enrol.addMember, exact: true }).click();
  await fillMember(page.getByRole('group', { name: fill(km.enrol.member, { number: '២' }), exact: true }), SPOUSE);
  await page.getByRole('button', { name: km.enrol.addMember, exact: true }).click();
  await fillMember(page.getByRole('group', { name: fill(km.enrol.member, { number: '៣' }), exact: true }), CHILD);
  await page.getByRole('button', { name: km.enrol.save, exact: true }).click();

  // The household's page: its code in the heading and in the details, the village, three members.
  await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
  const householdPath = new URL(page.url()).pathname;
  // A household code is the operator's code and a number.
  const heading = page.getByRole('heading', {
    level: 1,
    name: pattern(km.records.household.title, { code: new RegExp(`${operator.code}-\\d{6}`) }),
  });
  await expect(heading).toBeVisible();
  const code = new RegExp(`${operator.code}-\\d{6}`).exec((await heading.textContent()) ?? '')?.[0] ?? '';
  const details = page.getByRole('region', { name: km.records.household.details, exact: true });
  const terms = details.getByRole('definition');
  await expect(terms.filter({ hasText: new RegExp(`^${code}$`) })).toBeVisible();
  // The village by its Khmer name (the reader's language) and its code.
  await expect(terms.filter({ hasText: `(${KEP_VILLAGE.code})` })).toHaveText(
    `${KEP_VILLAGE.villageKm} (${KEP_VILLAGE.code})`,
  );
  await expect(terms.filter({ hasText: /^ផ្ទះលេខ/ })).toHaveText('ផ្ទះលេខ ១២ ផ្លូវលេខ ៣៣');
  await expect(terms.filter({ hasText: '097 765 4321' })).toHaveText('097 765 4321');

  const membersTable = page.getByRole('region', { name: km.records.household.members, exact: true }).getByRole('table');
  // The head first, then by year of birth.
  await expect(membersTable.getByRole('rowheader')).toHaveText([nameKm(HEAD), nameKm(SPOUSE), nameKm(CHILD)]);
  const row = (p: Person) =>
    membersTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: nameKm(p), exact: true }) });
  await expect(row(HEAD).getByRole('cell')).toHaveText([
    nameLatin(HEAD),
    km.sexes.M,
    pattern(km.records.member.ageBorn, { date: /.*១៩៧៨/ }),
    km.relationships.head,
    HEAD.khmerId!,
    km.records.statuses.active,
  ]);
  await expect(row(SPOUSE).getByRole('cell')).toHaveText([
    nameLatin(SPOUSE),
    km.sexes.F,
    pattern(km.records.member.ageAbout, { year: '១៩៨២' }),
    km.relationships.spouse,
    '—',
    km.records.statuses.active,
  ]);
  await expect(row(CHILD).getByRole('cell')).toHaveText([
    nameLatin(CHILD),
    km.sexes.M,
    pattern(km.records.member.ageBorn, { date: /.*២០១២/ }),
    km.relationships.child,
    '—',
    km.records.statuses.active,
  ]);

  // (a) A piece from inside the spouse's given name (ចិន្តា), not the start of any name. The
  // expected member is awaited first: until then the table may still show the previous answer.
  const households = mainNav(page).getByRole('link', { name: km.shell.nav.households, exact: true });
  await households.click();
  let found = await search(page, 'ន្តា');
  let hit = found.getByRole('row').nth(1);
  await expect(hit.getByRole('link', { name: nameKm(SPOUSE), exact: true })).toBeVisible();
  await expect(found.getByRole('row')).toHaveCount(2); // the header and this one member
  await expect(hit.getByRole('link', { name: code, exact: true })).toBeVisible();
  await expect(hit).toContainText(nameLatin(SPOUSE));
  await expect(page.getByRole('status').filter({ hasText: km.search.kind.khmerName })).toBeVisible();
  // The name opens the member's page, which links back to the household.
  await hit.getByRole('link', { name: nameKm(SPOUSE), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${nameKm(SPOUSE)} · ${nameLatin(SPOUSE)}` })).toBeVisible();
  await expect(page.getByRole('link', { name: fill(km.records.household.title, { code }), exact: true })).toBeVisible();

  // (b) Latin names spelled otherwise than enrolled: "Sokkha" for Sokha, "Chinda" for Chenda
  // (each pair has one spelling skeleton, db/migrations/0005_search_functions.sql).
  await households.click();
  found = await search(page, 'Sokkha');
  hit = found.getByRole('row').nth(1);
  await expect(hit.getByRole('link', { name: nameKm(HEAD), exact: true })).toBeVisible();
  await expect(found.getByRole('row')).toHaveCount(2);
  await expect(hit).toContainText(nameLatin(HEAD));
  await expect(page.getByRole('status').filter({ hasText: km.search.kind.latinName })).toBeVisible();
  // The household code opens the household.
  await hit.getByRole('link', { name: code, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${householdPath}$`));
  await expect(page.getByRole('heading', { level: 1, name: fill(km.records.household.title, { code }) })).toBeVisible();

  await households.click();
  found = await search(page, 'chinda mao');
  hit = found.getByRole('row').nth(1);
  await expect(hit.getByRole('link', { name: nameKm(SPOUSE), exact: true })).toBeVisible();
  await expect(found.getByRole('row')).toHaveCount(2);
  await expect(hit.getByRole('link', { name: code, exact: true })).toBeVisible();

  // Nothing of this was English: the officer's interface stayed Khmer throughout.
  await expect(page.getByRole('button', { name: 'ខ្មែរ' })).toHaveAttribute('aria-pressed', 'true');
  await context.close();
});
