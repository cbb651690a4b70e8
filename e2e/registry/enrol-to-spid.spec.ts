import { answerIn, type AnswerMode } from '../fixtures/peer';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, switchToEnglish } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';

const KHMER = ['ក', 'ខ', 'គ', 'ច', 'ជ', 'ដ', 'ត', 'ទ', 'ន', 'ប'];
const uniqueKhmer = () =>
  String(Date.now())
    .slice(-6)
    .split('')
    .map((d) => KHMER[Number(d)])
    .join('');

// Both ways a registry may answer (camdx-peer/modes.ts): results at once, or an acknowledgement with
// the results through txn/status later and the SPID only through a search.
for (const mode of ['sync', 'ack'] as AnswerMode[]) {
  test(`an enrolled member gets a SPID from the registry, shown on the sync dashboard (answer=${mode})`, async ({
    page,
    browser,
    platformAdmin,
  }) => {
    test.setTimeout(90_000);
    expect(platformAdmin.email).toBeTruthy();
    // The enrolment form needs the gazetteer (the Kep extract: the village below is in it).
    await ensureGazetteer(browser);
    const { admin } = await provisionOperatorAdmin(browser);
    await signIn(page, admin);
    await switchToEnglish(page);

    await gotoReady(page, '/households/new');
    await page.getByLabel('Or find the village by name').fill('Ampeng');
    await page.getByRole('option').filter({ hasText: 'Ampeng' }).first().click();
    const member = page.getByRole('group', { name: 'Member 1' });
    await member.getByLabel(/^Surname \(Khmer\)/).fill('សុខ');
    const given = uniqueKhmer();
    // ack: the registry shows the result five seconds after it acknowledged the message.
    await answerIn(mode, [given], { ackDelayMs: 5_000 });
    await member.getByLabel(/^Given name \(Khmer\)/).fill(given);
    await member.getByLabel(/^Sex/).selectOption({ label: 'Female' });
    await member.getByLabel(/^Relationship to the head/).selectOption({ label: 'Head of household' });
    await member.getByLabel(/^Date of birth/).fill('1985-03-12');
    await page.getByRole('button', { name: 'Save household' }).click();
    // Saved, the form goes on to the household's page.
    await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
    const householdUrl = page.url();

    if (mode === 'ack') {
      // Acknowledged, not answered yet: the member waits as "accepted, result pending", with no SPID.
      await expect
        .poll(
          async () => {
            await gotoReady(page, '/registry-sync');
            return page
              .getByRole('table', { name: 'Members by sync state' })
              .getByRole('row', { name: /^Accepted, result pending/ })
              .getByRole('cell')
              .nth(1)
              .textContent();
          },
          { timeout: 15_000, intervals: [250] },
        )
        .toBe('1');
      await gotoReady(page, householdUrl);
      await expect(
        page.getByRole('region', { name: 'Registry status' }).getByText('Registry: Accepted, result pending'),
      ).toBeVisible();
    }

    // The in-app worker (every second here) sends the member; the registry answers with a SPID.
    await expect
      .poll(
        async () => {
          await gotoReady(page, '/registry-sync');
          return page
            .getByRole('table', { name: 'Members by sync state' })
            .getByRole('row', { name: /^Has SPID/ })
            .getByRole('cell')
            .nth(1)
            .textContent();
        },
        { timeout: 30_000 },
      )
      .toBe('1');
    await expect(page.getByText('No member needs attention.')).toBeVisible();

    // The household's page shows each member's registry state and SPID.
    await gotoReady(page, householdUrl);
    const registry = page.getByRole('region', { name: 'Registry status' });
    await expect(registry.getByText('Registry: Has SPID')).toBeVisible();
    await expect(registry.getByText(/^SPID \d{10}$/)).toBeVisible();
  });
}
