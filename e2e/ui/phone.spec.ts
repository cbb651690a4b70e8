import AxeBuilder from '@axe-core/playwright';
import { operatorPagePaths } from '../fixtures/operator-pages';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Account } from '../fixtures/data';
import { asPlatformAdmin, provisionOperatorAdmin } from '../fixtures/provision';
import { test } from '../fixtures/test';
import { gotoReady, mainNav, signIn } from '../fixtures/ui';
import {
  activeProgramme,
  enrolInProgramme,
  generateThisMonthsList,
  newProvider,
  walkInGrievance,
} from '../enrolments/programme';
import { ensureGazetteer } from '../records/gazetteer';
import { enrol, khmerName } from '../records/helpers';
import { expectRegistryState, openMember } from '../registry/helpers';

// Issue 14: field staff use phones. At 390×844 no page a signed-in staff member (or the platform
// administrator) can open is wider than the screen, the header's menu works from the keyboard,
// the household card prints without the navigation, and axe finds nothing on any page, at phone
// and desktop sizes, in English and in Khmer. Problems are collected page by page and reported
// together, so one run names every page that fails.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
async function signedIn(browser: Browser, account: Account, viewport: typeof PHONE): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, account);
  return [context, page];
}

/** What is wrong with the page at `path` at this size: horizontal overflow (with its widest boxes) and axe's findings. */
async function problemsOf(page: Page, path: string): Promise<string[]> {
  const response = await gotoReady(page, path);
  const size = `${page.viewportSize()?.width}px`;
  const problems: string[] = [];
  if (!response?.ok()) problems.push(`${path} at ${size}: HTTP ${response?.status()}`);
  const overflow = await page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    // The outermost boxes reaching past the right edge name the culprit.
    const wide = [...document.querySelectorAll<HTMLElement>('main *, header *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 1))
      .slice(0, 3)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} ${Math.round(e.getBoundingClientRect().right)}px`,
      );
    return `${document.documentElement.scrollWidth}px wide at ${width}px (${wide.join(', ')})`;
  });
  if (overflow) problems.push(`${path}: ${overflow}`);
  const axe = await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations)
    problems.push(
      `${path} at ${size}: axe ${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
    );
  return problems;
}

async function checkAll(page: Page, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) problems.push(...(await problemsOf(page, path)));
  return problems;
}

/** Makes the account's interface Khmer, from the header's language switch (opened from the menu on a phone). */
async function switchToKhmer(page: Page) {
  await gotoReady(page, '/account');
  const khmer = page.getByRole('main').getByRole('button', { name: 'ខ្មែរ' });
  await khmer.click();
  await expect(khmer).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
}

test('every page of an operator fits a 390 px phone, has no axe finding, and the household card prints', async ({
  browser,
}) => {
  test.setTimeout(900_000);
  await ensureGazetteer(browser);
  const { admin } = await provisionOperatorAdmin(browser);

  // Data for the pages that show a record: a household of two, a member with a SPID, a programme.
  const [desk, page] = await signedIn(browser, admin, DESKTOP);
  const headName = khmerName();
  const spouseName = khmerName();
  const householdPath = await enrol(page, headName, { givenNameKm: spouseName });
  const memberPath = await openMember(page, householdPath, `សុខ ${headName}`);
  await expectRegistryState(page, memberPath, 'Has SPID');
  const programme = await activeProgramme(page);
  // A payment list of that household (for the list's pages), a provider, a grievance (its page and receipt).
  const enrolmentPath = await enrolInProgramme(page, householdPath, programme);
  const listPath = await generateThisMonthsList(page, programme);
  const providerPath = await newProvider(page);
  const grievancePath = await walkInGrievance(page);
  await gotoReady(page, '/admin/users');
  await page.getByRole('link', { name: admin.name }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  const userPath = new URL(page.url()).pathname;

  const paths = operatorPagePaths({
    household: householdPath,
    member: memberPath,
    programme: programme.path,
    enrolment: enrolmentPath,
    paymentList: listPath,
    provider: providerPath,
    grievance: grievancePath,
    user: userPath,
  });

  // The household card, printed: no navigation, header or buttons; names, code, members and SPID stay.
  await gotoReady(page, householdPath);
  const code = (await page.getByRole('heading', { level: 1 }).textContent())!.replace(/^Household /, '');
  await page.emulateMedia({ media: 'print' });
  await expect(mainNav(page)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print the household card' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: `Household ${code}` })).toBeVisible();
  const members = page.getByRole('region', { name: 'Members' });
  await expect(members.getByRole('rowheader', { name: `សុខ ${headName}` })).toBeVisible();
  await expect(members.getByRole('rowheader', { name: `ចាន់ ${spouseName}` })).toBeVisible();
  await expect(members.getByRole('cell', { name: 'Sok', exact: true })).toBeVisible();
  await expect(page.getByText(/^SPID \d{10}$/).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('button', { name: 'Print the household card' })).toBeVisible();
  await expect(mainNav(page)).toBeVisible();

  // The member card the same way: Khmer and Latin names, the household's code, the SPID.
  await gotoReady(page, memberPath);
  await page.emulateMedia({ media: 'print' });
  await expect(mainNav(page)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print the member card' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: `សុខ ${headName} · Sok` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Household ${code}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Registry status', exact: true })).toContainText(/\d{10}/);
  await expect(page.getByRole('region', { name: 'Record a death' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // A short page: the top bar keeps its own height (the shell's rows are "auto 1fr").
  await gotoReady(page, '/help');
  const brand = await page.getByRole('link', { name: /^SDP/ }).boundingBox();
  expect(brand?.height).toBeLessThan(80);

  const problems = await checkAll(page, paths);
  await desk.close();

  // The same pages on a phone: the menu first, by keyboard only.
  const [phone, mobile] = await signedIn(browser, admin, PHONE);
  await gotoReady(mobile, '/households');
  const menu = mobile.getByRole('button', { name: 'Menu' });
  await expect(mainNav(mobile)).toBeHidden();
  await expect(mobile.getByRole('button', { name: 'Sign out' })).toBeHidden();
  for (let i = 0; i < 5 && !(await menu.evaluate((b) => b === document.activeElement)); i++)
    await mobile.keyboard.press('Tab');
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await mobile.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(mainNav(mobile)).toBeVisible();
  await expect(mobile.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await mobile.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(mainNav(mobile)).toBeHidden();
  await expect(menu).toBeFocused();
  // Open again with the space bar, then follow a link by keyboard: the new page starts with the menu closed.
  await mobile.keyboard.press('Space');
  await expect(mainNav(mobile)).toBeVisible();
  await mainNav(mobile).getByRole('link', { name: 'Programmes' }).focus();
  await mobile.keyboard.press('Enter');
  await expect(mobile).toHaveURL(/\/programmes$/);
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(mainNav(mobile)).toBeHidden();

  problems.push(...(await checkAll(mobile, paths)));
  // Khmer words are longer: the same pages again, in Khmer.
  await switchToKhmer(mobile);
  problems.push(...(await checkAll(mobile, paths)).map((p) => `km ${p}`));
  await mobile.setViewportSize(DESKTOP);
  problems.push(...(await checkAll(mobile, paths)).map((p) => `km ${p}`));
  await phone.close();

  expect(problems).toEqual([]);
});

test("the platform administrator's pages fit a phone and have no axe finding", async ({ browser }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  for (const viewport of [PHONE, DESKTOP]) {
    await asPlatformAdmin(browser, async (page) => {
      await page.setViewportSize(viewport);
      await gotoReady(page, '/admin/operators');
      const operator = page.getByRole('table').getByRole('link').first();
      const operatorPath = (await operator.count()) ? await operator.getAttribute('href') : null;
      const paths = [
        '/',
        '/account',
        '/help',
        '/help/admin',
        '/admin',
        '/admin/operators',
        '/admin/camdx',
        '/admin/gazetteer',
      ];
      if (operatorPath) paths.push(operatorPath);
      problems.push(...(await checkAll(page, paths)));
    });
  }
  expect(problems).toEqual([]);
});

test('the favicon answers', async ({ request }) => {
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/image\//);
  const svg = await request.get('/icon.svg');
  expect(svg.status()).toBe(200);
});
