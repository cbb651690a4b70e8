import { provisionOperatorAdmin } from '../fixtures/provision';
import { expect, test } from '../fixtures/test';
import { signIn, switchToEnglish } from '../fixtures/ui';
import { ensureGazetteer } from '../records/gazetteer';
import { enrolHousehold, openMember, registryField, registrySection } from './helpers';

// People on the Khmer ID simulator's fixture list (camdx-peer/fixtures/khmer-id.json); no other spec uses them.
const DARA = {
  surnameKm: 'សុខ',
  givenNameKm: 'ដារា',
  sex: 'Female',
  birthDate: '1985-03-12',
  khmerId: '100000001',
} as const;
// On the card: កែវ វណ្ណា, male, born 1978-06-30. Enrolled with the day and month swapped round.
const VANNA = {
  surnameKm: 'កែវ',
  givenNameKm: 'វណ្ណា',
  sex: 'Male',
  birthDate: '1978-06-03',
  khmerId: '100000003',
} as const;

/** "Nov 27, 2026" as the app writes today's date in Phnom Penh, to check that the time shown is the check's. */
const today = () =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'Asia/Phnom_Penh' }).format(new Date());
const verifiedText = (match: 'full' | 'partial') =>
  // The X-Road id stays in the audit trail, out of officers' sight.
  new RegExp(`^\\s*Khmer ID: ${match} match, ${today()}, \\d{1,2}:\\d{2}\\s[AP]M$`);

test("a member's Khmer ID is verified with the Ministry of Interior: full match for the card's person, partial for a wrong birth date", async ({
  page,
  browser,
}) => {
  const { admin } = await provisionOperatorAdmin(browser);
  await ensureGazetteer(browser);
  await signIn(page, admin);
  await switchToEnglish(page);
  const household = await enrolHousehold(page, [
    { ...DARA, relationship: 'Head of household' },
    { ...VANNA, relationship: 'Spouse' },
  ]);

  // The card's own person: every attribute matches.
  await openMember(page, household, `${DARA.surnameKm} ${DARA.givenNameKm}`);
  await expect(registryField(page, 'Khmer ID check')).toHaveText('Not verified yet.');
  await registrySection(page).getByRole('button', { name: 'Verify Khmer ID' }).click();
  await expect(registrySection(page).getByRole('status')).toHaveText(verifiedText('full'));
  // Recorded: the page shows the latest check after a reload too.
  await page.reload();
  await expect(registryField(page, 'Khmer ID check')).toHaveText(verifiedText('full'));

  // Name and sex as on the card, the birth date not: a partial match.
  await openMember(page, household, `${VANNA.surnameKm} ${VANNA.givenNameKm}`);
  await registrySection(page).getByRole('button', { name: 'Verify Khmer ID' }).click();
  await expect(registrySection(page).getByRole('status')).toHaveText(verifiedText('partial'));
  await expect(registryField(page, 'Khmer ID check')).toHaveText(verifiedText('partial'));
});
