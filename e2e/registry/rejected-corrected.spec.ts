import { provisionOperatorAdmin } from '../fixtures/provision';
import { answerIn, clearPeerRejections, setPeerRejections, type AnswerMode } from '../fixtures/peer';
import { expect, test } from '../fixtures/test';
import { gotoReady, signIn, switchToEnglish } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';
import { enrolHousehold, expectRegistryState, openMember, registryField, SPID, uniqueGivenName } from './helpers';

// The registry's own checks refuse nothing the app sends, so the peer is told (a test-only rule, see
// camdx-peer/README.md "Rejections") to refuse records that carry this spec's placeholder given name.
const REASON = 'given_name_km is a placeholder, not a name';

test.afterEach(async () => {
  await clearPeerRejections();
});

// Both ways a registry may answer (camdx-peer/modes.ts): results at once, or an acknowledgement with the
// results (the rejection's code carried in its message, as the IBR schema has no field for it) later.
for (const mode of ['sync', 'ack'] as AnswerMode[]) {
  test(`a record the registry rejects shows its reason; corrected through the edit form, it is sent again and gets a SPID (answer=${mode})`, async ({
    page,
    browser,
  }) => {
    // Two trips through the registry, each waited for by reloading the member's page.
    test.setTimeout(120_000);
    const placeholder = uniqueGivenName();
    const given = uniqueGivenName();
    await setPeerRejections([{ match: placeholder, code: 'rjct.record.invalid', message: REASON }]);
    await answerIn(mode, [placeholder, given]);
    const { admin } = await provisionOperatorAdmin(browser);
    await ensureGazetteer(browser);
    await signIn(page, admin);
    await switchToEnglish(page);
    const household = await enrolHousehold(page, [
      {
        surnameKm: 'ហេង',
        givenNameKm: placeholder,
        sex: 'Male',
        relationship: 'Head of household',
        birthDate: '1969-08-14',
      },
    ]);
    const member = await openMember(page, household, `ហេង ${placeholder}`);

    // The worker sends it; the registry refuses it, and says why.
    await expectRegistryState(page, member, 'Rejected');
    await expect(registryField(page, 'SPID')).toHaveText('—');
    await expect(registryField(page, "The registry's reason")).toHaveText(`rjct.record.invalid — ${REASON}`);
    await expect(
      page.getByText('Correct the record (Edit member): the corrected record is sent to the registry again.'),
    ).toBeVisible();

    // The sync dashboard lists it among the latest errors, with the same reason.
    await gotoReady(page, '/registry-sync');
    const counts = page.getByRole('table', { name: 'Members by sync state' });
    await expect(
      counts
        .getByRole('row', { name: /^Rejected/ })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('1');
    const problem = page
      .getByRole('table', { name: 'Latest errors' })
      .getByRole('row')
      .filter({ hasText: placeholder });
    await expect(problem.getByRole('cell')).toHaveText([
      `ហេង ${placeholder}`,
      'Rejected',
      `rjct.record.invalid — ${REASON}`,
      '1',
      'Retry',
    ]);

    // From the dashboard to the member, and the correction: the real given name.
    await problem.getByRole('link', { name: `ហេង ${placeholder}` }).click();
    await expect(page).toHaveURL(new RegExp(`${member}$`));
    await page.getByRole('link', { name: 'Edit member' }).click();
    await expect(page.getByLabel('Given name (Khmer)', { exact: true })).toBeEditable();
    await page.getByLabel('Given name (Khmer)', { exact: true }).fill(given);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your changes were saved.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: `ហេង ${given}` })).toBeVisible();

    // The corrected record goes again as a new version, and the registry gives it a SPID.
    await expectRegistryState(page, member, 'Has SPID');
    await expect(registryField(page, 'SPID')).toHaveText(SPID);
    await expect(registryField(page, "The registry's reason")).toHaveCount(0);
    await gotoReady(page, '/registry-sync');
    await expect(
      counts
        .getByRole('row', { name: /^Rejected/ })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('0');
    await expect(
      counts
        .getByRole('row', { name: /^Has SPID/ })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('1');
    await expect(page.getByText('No member needs attention.')).toBeVisible();
  });
}
