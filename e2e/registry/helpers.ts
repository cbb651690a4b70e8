import { randomInt } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { chooseKepVillage } from '../records/gazetteer';
import { gotoReady } from '../fixtures/ui';

/** A person as the enrolment form takes them. */
export interface Person {
  surnameKm: string;
  givenNameKm: string;
  sex: 'Female' | 'Male';
  relationship: 'Head of household' | 'Spouse' | 'Child';
  /** YYYY-MM-DD */
  birthDate: string;
  khmerId?: string;
}

// Consonants and the vowel signs that make a given name no other spec (or earlier run) uses.
const CONSONANTS = 'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ';
const VOWELS = ['ា', 'ិ', 'ី', 'ុ', 'ូ', 'េ', 'ែ', 'ោ'];
/** A six-syllable Khmer given name, unique enough that the registry matches nobody else by it. */
export const uniqueGivenName = () =>
  Array.from({ length: 6 }, () => CONSONANTS[randomInt(CONSONANTS.length)]! + VOWELS[randomInt(VOWELS.length)]!).join(
    '',
  );

/** Enrols one household of these people (the first is the head) and returns its page's path. */
export async function enrolHousehold(page: Page, people: Person[]): Promise<string> {
  await gotoReady(page, '/households/new');
  const household = page.getByRole('group', { name: 'Household', exact: true });
  await chooseKepVillage(household.getByRole('group', { name: 'Address', exact: true }));
  for (const [i, p] of people.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add a member' }).click();
    const group = page.getByRole('group', { name: `Member ${i + 1}`, exact: true });
    await group.getByLabel('Surname (Khmer)', { exact: true }).fill(p.surnameKm);
    await group.getByLabel('Given name (Khmer)', { exact: true }).fill(p.givenNameKm);
    await group.getByLabel('Sex', { exact: true }).selectOption({ label: p.sex });
    await group.getByLabel('Relationship to the head', { exact: true }).selectOption({ label: p.relationship });
    await group.getByLabel('Date of birth', { exact: true }).fill(p.birthDate);
    if (p.khmerId) await group.getByLabel('Khmer ID number', { exact: true }).fill(p.khmerId);
  }
  await page.getByRole('button', { name: 'Save household' }).click();
  await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** From a household's page to a member's page (by the Khmer name in the members table); returns its path. */
export async function openMember(page: Page, householdPath: string, name: string): Promise<string> {
  await gotoReady(page, householdPath);
  await page.getByRole('region', { name: 'Members' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** The "Registry status" section of a member's page. */
export const registrySection = (page: Page): Locator =>
  page.getByRole('region', { name: 'Registry status', exact: true });

/** The value of one term of the Registry status section ("State", "SPID", "The registry's reason", "Khmer ID check"). */
export const registryField = (page: Page, term: string): Locator =>
  registrySection(page)
    .locator('div')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) })
    .getByRole('definition');

/**
 * Reloads the member's page until its registry state reads `state`: the in-app worker (every second
 * in the e2e) sends the record and applies the registry's answer in the background.
 */
export async function expectRegistryState(page: Page, memberPath: string, state: string, timeout = 30_000) {
  await expect(async () => {
    await gotoReady(page, memberPath);
    await expect(registryField(page, 'State')).toHaveText(state, { timeout: 1_000 });
  }).toPass({ timeout, intervals: [500, 1_000] });
}

/** A SPID as the local peer makes them: ten digits. */
export const SPID = /^\d{10}$/;
