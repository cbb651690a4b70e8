import type { Browser, Locator, Page } from '@playwright/test';
import { answerIn, seedRegistryPerson, type AnswerMode } from '../fixtures/peer';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, switchToEnglish } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';
import { enrolHousehold, expectRegistryState, openMember, registryField, SPID, uniqueGivenName } from './helpers';

// Coeng TA and coeng DA look alike and keyboards mix them up: the registry's name key folds them.
const COENG_TA = '\u17D2\u178F';
const COENG_DA = '\u17D2\u178A';

// Each test: the person's record, the held version, the decision's version, each waited for by reloading.
test.describe.configure({ timeout: 150_000 });

/**
 * Another programme enrolled a woman in the registry (the peer's test-only control: her SPID). A new
 * operator enrols her again through the form, her name typed with the look-alike sign and without a
 * Khmer ID: the registry holds the record as a possible duplicate of that person. Leaves the page on
 * the sync dashboard, whose review queue shows the case.
 */
async function enrolHeldDuplicate(
  page: Page,
  browser: Browser,
  mode: AnswerMode,
): Promise<{ spid: string; member: string; review: Locator }> {
  const base = uniqueGivenName();
  // ack: results through txn/status; the held record's candidate SPID rides in our extension there.
  await answerIn(mode, [base], { spid: 'extension' });
  const birthDate = '1991-04-07';
  const spid = await seedRegistryPerson({
    surnameKm: 'ចាន់',
    givenNameKm: `${base}ស${COENG_TA}ី`,
    birthDate,
    sex: 'female',
  });
  expect(spid).toMatch(SPID);

  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  await signIn(page, admin);
  await switchToEnglish(page);
  const givenNameKm = `${base}ស${COENG_DA}ី`;
  const household = await enrolHousehold(page, [
    { surnameKm: 'ចាន់', givenNameKm, sex: 'Female', relationship: 'Head of household', birthDate },
  ]);
  const name = `ចាន់ ${givenNameKm}`;
  const member = await openMember(page, household, name);

  // The worker sends her; the registry holds the record for review and gives no SPID.
  await expectRegistryState(page, member, 'Awaiting de-duplication review');
  await expect(registryField(page, 'SPID')).toHaveText('—');

  // The review queue shows the case with the SPID of the person the registry already knows.
  await gotoReady(page, '/registry-sync');
  const counts = page.getByRole('table', { name: 'Members by sync state' });
  await expect(
    counts
      .getByRole('row', { name: /^Awaiting de-duplication review/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('1');
  const review = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
  await expect(review).toHaveCount(1);
  await expect(review).toContainText('Registry: Awaiting de-duplication review');
  await expect(review).toContainText(`Reason: pdng.dedup.review · Possibly the registry's person with SPID: ${spid}`);
  return { spid, member, review };
}

/** Staff's decision is saved: the case leaves the queue (the page refreshes after the answer). */
async function decide(page: Page, review: Locator, button: 'Same person (link)' | 'Different person (dismiss)') {
  await review.getByRole('button', { name: button, exact: true }).click();
  await expect(review).toHaveCount(0);
  await expect(page.getByText('Nothing to review.', { exact: true })).toBeVisible();
}

/** The dashboard: nobody awaits review any more, and the one member has a SPID. */
async function expectReviewedOnDashboard(page: Page) {
  await gotoReady(page, '/registry-sync');
  const counts = page.getByRole('table', { name: 'Members by sync state' });
  await expect(
    counts
      .getByRole('row', { name: /^Awaiting de-duplication review/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('0');
  await expect(
    counts
      .getByRole('row', { name: /^Has SPID/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('1');
  await expect(page.getByText('Nothing to review.', { exact: true })).toBeVisible();
}

// Both ways a registry may answer (camdx-peer/modes.ts): results at once, or an acknowledgement and
// the results through txn/status.
for (const mode of ['sync', 'ack'] as AnswerMode[]) {
  test(`a possible duplicate of a person another programme enrolled is held for review; linked, the member takes that SPID (answer=${mode})`, async ({
    page,
    browser,
  }) => {
    const { spid, member, review } = await enrolHeldDuplicate(page, browser, mode);
    await decide(page, review, 'Same person (link)');

    // The decision goes to the registry as the member's next version (outbox and worker); it answers with her SPID.
    await expectRegistryState(page, member, 'Has SPID', 60_000);
    await expect(registryField(page, 'SPID')).toHaveText(spid);
    await expectReviewedOnDashboard(page);
  });

  test(`a possible duplicate dismissed as a different person gets a SPID of its own (answer=${mode})`, async ({
    page,
    browser,
  }) => {
    const { spid, member, review } = await enrolHeldDuplicate(page, browser, mode);
    await decide(page, review, 'Different person (dismiss)');

    // The registry is told she is not that person, and gives her another SPID.
    await expectRegistryState(page, member, 'Has SPID', 60_000);
    await expect(registryField(page, 'SPID')).toHaveText(SPID);
    await expect(registryField(page, 'SPID')).not.toHaveText(spid);
    await expectReviewedOnDashboard(page);
  });
}
