import type { Browser, Page } from '@playwright/test';
import { operatorPagePaths } from '../fixtures/operator-pages';
import { BUDGET, shown, table, unweighedPages, weighAll, type Weight } from '../fixtures/page-weight';
import { asPlatformAdmin, inNewContext, provisionOperatorAdmin, provisionStaff } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn } from '../fixtures/ui';
import {
  activeProgramme,
  enrolInProgramme,
  generateThisMonthsList,
  newProvider,
  walkInGrievance,
} from '../enrolments/programme';
import { ensureGazetteer } from '../records/gazetteer';
import { enrol, khmerName } from '../records/helpers';
import { openMember } from '../registry/helpers';

// Issue 14, "Page weight, enforced": the JavaScript a browser downloads to show each page of the app,
// measured the way the user gets it (the production build, a real browser, nothing cached), stays
// within 250 kB gzip on every page (how: fixtures/page-weight.ts; level 9 is what a server's gzip or a
// CDN sends at most, Next's own server compresses at the default level, a few per cent larger). This
// file makes a record of each kind so that the pages with an id can be opened, and lists every page;
// the table is printed in the run's output, and the test fails naming every page over the budget.

/** Everything an operator's pages need to show a record: a household, its member, a programme it is enrolled in, a payment list, a grievance, a provider. */
async function operatorPages(page: Page, adminName: string): Promise<string[]> {
  const headName = khmerName();
  const householdPath = await enrol(page, headName, { givenNameKm: khmerName() });
  const memberPath = await openMember(page, householdPath, `សុខ ${headName}`);
  const programme = await activeProgramme(page);

  const enrolmentPath = await enrolInProgramme(page, householdPath, programme);
  const listPath = await generateThisMonthsList(page, programme);
  const providerPath = await newProvider(page);
  const grievancePath = await walkInGrievance(page);

  // The public report page is off until the administrator turns it on.
  await gotoReady(page, '/grievances/public-intake');
  await page.getByRole('button', { name: 'Turn the public page on' }).click();
  await expect(page.getByText('The public page is on.')).toBeVisible();

  await gotoReady(page, '/admin/users');
  const userPath = await page.getByRole('link', { name: adminName }).getAttribute('href');

  return operatorPagePaths({
    household: householdPath,
    member: memberPath,
    programme: programme.path,
    enrolment: enrolmentPath,
    paymentList: listPath,
    provider: providerPath,
    grievance: grievancePath,
    user: userPath!,
  });
}

async function platformAdminWeights(browser: Browser): Promise<Weight[]> {
  return asPlatformAdmin(browser, async (page) => {
    await gotoReady(page, '/admin/operators');
    const operatorPath = await page.getByRole('table').getByRole('link').first().getAttribute('href');
    return weighAll(page, ['/admin/operators', operatorPath!, '/admin/camdx', '/admin/gazetteer']);
  });
}

test('every page loads at most 250 kB of JavaScript (gzip)', async ({ browser }) => {
  test.setTimeout(600_000);
  await ensureGazetteer(browser);
  const { operator, admin } = await provisionOperatorAdmin(browser);
  const newcomer = await provisionStaff(browser, admin, 'Weight Viewer', ['Viewer (read-only)']);

  const weights = await inNewContext(browser, async (page) => {
    await signIn(page, admin);
    return weighAll(page, await operatorPages(page, admin.name));
  });
  weights.push(...(await platformAdminWeights(browser)));
  // The forced password change of an account's first sign-in.
  weights.push(
    ...(await inNewContext(browser, async (page) => {
      await signIn(page, newcomer);
      return weighAll(page, ['/change-password']);
    })),
  );
  // Pages without a sign-in. (The first-run setup form needs a token only a fresh server has: its
  // page is weighed as a visitor sees it later, and its form is the change-password form's kind.)
  weights.push(
    ...(await inNewContext(browser, (page) =>
      weighAll(page, [
        '/signin',
        '/setup',
        `/report/${operator.code}`,
        `/report/${operator.code}/sent?ref=${operator.code}-G-000001`,
      ]),
    )),
  );

  console.log(table(weights));
  if (process.env.PAGE_WEIGHT_DETAIL)
    for (const w of weights)
      console.log(
        `${shown(w.path)}\n${w.detail.map(([url, size]) => `  ${(size / 1000).toFixed(1).padStart(6)} kB ${url}`).join('\n')}`,
      );
  // Every page.tsx was weighed: a new page must join the lists above.
  expect(unweighedPages(weights)).toEqual([]);
  expect(weights.filter((w) => w.problem).map((w) => `${w.path}: ${w.problem}`)).toEqual([]);
  expect(
    weights.filter((w) => w.gzip > BUDGET).map((w) => `${shown(w.path)}: ${(w.gzip / 1000).toFixed(1)} kB`),
  ).toEqual([]);
});
