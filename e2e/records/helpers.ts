import { randomInt } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import type { Account } from '../fixtures/data';
import { gotoReady, signIn } from '../fixtures/ui';
import { chooseKepVillage } from './gazetteer';

// Khmer consonants for a given name no earlier run shares, so that no "possible duplicate" interrupts.
const CONSONANTS = 'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ';
export const khmerName = () => Array.from({ length: 4 }, () => CONSONANTS[randomInt(CONSONANTS.length)]).join('');

export async function signedInPage(browser: Browser, account: Account): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account);
  return page;
}

/** Enrols a household (the head, and a spouse if given) through the enrolment form; returns its page's URL path. */
export async function enrol(page: Page, givenNameKm: string, spouse?: { givenNameKm: string }): Promise<string> {
  await gotoReady(page, '/households/new');
  const household = page.getByRole('group', { name: 'Household', exact: true });
  await chooseKepVillage(household.getByRole('group', { name: 'Address', exact: true }));
  await household.getByLabel('House number, street', { exact: true }).fill('ផ្ទះលេខ ៧');
  await household.getByLabel('Phone', { exact: true }).fill('012 345 678');
  const head = page.getByRole('group', { name: 'Member 1', exact: true });
  await head.getByLabel('Surname (Khmer)', { exact: true }).fill('សុខ');
  await head.getByLabel('Given name (Khmer)', { exact: true }).fill(givenNameKm);
  await head.getByLabel('Surname (Latin letters)', { exact: true }).fill('Sok');
  await head.getByLabel('Sex', { exact: true }).selectOption({ label: 'Female' });
  await head.getByLabel('Relationship to the head', { exact: true }).selectOption({ label: 'Head of household' });
  await head.getByLabel('Date of birth', { exact: true }).fill('1975-03-21');
  if (spouse) {
    await page.getByRole('button', { name: 'Add a member' }).click();
    const second = page.getByRole('group', { name: 'Member 2', exact: true });
    await second.getByLabel('Surname (Khmer)', { exact: true }).fill('ចាន់');
    await second.getByLabel('Given name (Khmer)', { exact: true }).fill(spouse.givenNameKm);
    await second.getByLabel('Sex', { exact: true }).selectOption({ label: 'Male' });
    await second.getByLabel('Relationship to the head', { exact: true }).selectOption({ label: 'Spouse' });
    await second.getByLabel('Date of birth', { exact: true }).fill('1972-11-02');
  }
  await page.getByRole('button', { name: 'Save household' }).click();
  await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}
