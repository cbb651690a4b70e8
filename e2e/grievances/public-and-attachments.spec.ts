import { expect, test } from '../fixtures/test';
import { provisionOperatorAdmin } from '../fixtures/provision';
import { gotoReady, signIn } from '../fixtures/ui';

// The operator's public grievance page (no sign-in) gives a reference number and refuses a flood; the
// receipt shows that reference in either language; a file whose name lies about its content is refused.

test('public intake → reference → receipt; a flood is refused; a false extension is refused', async ({
  page,
  browser,
}) => {
  const { operator, admin } = await provisionOperatorAdmin(browser);

  // Off by default: the page's address is "not found".
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  expect((await publicPage.goto(`/report/${operator.code}`))?.status()).toBe(404);

  // The administrator turns it on.
  await signIn(page, admin);
  await gotoReady(page, '/grievances/public-intake');
  await expect(page.getByText('The public page is off', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Turn the public page on' }).click();
  await expect(page.getByText('The public page is on.')).toBeVisible();

  // A person files a grievance without signing in and gets its reference.
  await gotoReady(publicPage, `/report/${operator.code}`);
  await expect(
    publicPage.getByRole('heading', { level: 1, name: `Report a problem to ${operator.nameEn}` }),
  ).toBeVisible();
  // The honeypot is hidden from people and from assistive technology.
  await expect(publicPage.getByRole('textbox', { name: 'Leave this field empty' })).toHaveCount(0);
  await publicPage.getByLabel('What is it about?').selectOption({ label: 'Payment not received' });
  await publicPage.getByLabel('What happened?').fill('ខ្ញុំមិនទាន់បានទទួលប្រាក់ខែនេះទេ។');
  await publicPage.getByRole('button', { name: 'Send my report' }).click();
  await expect(publicPage.getByRole('heading', { name: 'Your report was received' })).toBeVisible();
  const reference = (await publicPage.getByTestId('reference').textContent())!.trim();
  expect(reference).toMatch(new RegExp(`^${operator.code}-G-\\d{6}$`));

  // A flood from one address is refused: 5 reports per 10 minutes per address (the socket's: no trusted
  // proxy here). The browser's report above counted in the same bucket when it reached the server from the
  // same address (it may have come over IPv6's ::1 instead of 127.0.0.1), so 4 or 5 more are accepted.
  await gotoReady(publicPage, `/report/${operator.code}`);
  const categoryId = await publicPage.getByLabel('What is it about?').locator('option').nth(1).getAttribute('value');
  const report = () =>
    publicPage.request.post(`/api/public/grievances/${operator.code}`, {
      data: { complainantKind: 'anonymous', categoryId, description: 'flood' },
      headers: { 'Accept-Language': 'en' },
    });
  let accepted = 0;
  let refused = await report();
  while (refused.status() === 201 && accepted < 6) {
    accepted++;
    refused = await report();
  }
  expect(refused.status()).toBe(429);
  expect(accepted).toBeGreaterThanOrEqual(4);
  expect(accepted).toBeLessThanOrEqual(5);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^Too many reports/);
  await visitor.close();

  // The receipt shows the reference, in English and in Khmer.
  const list = (await (await page.request.get('/api/v1/grievances')).json()) as {
    items: { id: string; code: string }[];
  };
  const id = list.items.find((g) => g.code === reference)!.id;
  await gotoReady(page, `/grievances/${id}/receipt`);
  const receipt = page.getByRole('article', { name: 'Grievance receipt' });
  await expect(receipt.getByText(reference, { exact: true })).toBeVisible();
  await expect(receipt.getByText('Anonymous', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'ភាសាខ្មែរ' }).click();
  const khmer = page.getByRole('article', { name: 'បង្កាន់ដៃទទួលបណ្តឹងតវ៉ា' });
  await expect(khmer.getByText(reference, { exact: true })).toBeVisible();
  await expect(khmer.getByText('អនាមិក', { exact: true })).toBeVisible();

  // On the grievance's page: a "photo" that is a program is refused; a real PNG is attached.
  await gotoReady(page, `/grievances/${id}`);
  const panel = page.getByRole('region', { name: 'Attachments' });
  const file = panel.getByLabel('File (photo or PDF, at most 10 MB)');
  await file.setInputFiles({
    name: 'photo.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
  });
  await panel.getByRole('button', { name: 'Attach' }).click();
  await expect(panel.getByRole('alert')).toContainText('This file is a program, not a photo or a PDF');
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await file.setInputFiles({
    name: 'receipt.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]),
  });
  await panel.getByRole('button', { name: 'Attach' }).click();
  await expect(panel.getByRole('status')).toHaveText('Attached.');
  await expect(panel.getByRole('link', { name: 'Download receipt.png' })).toBeVisible();
  await expect(panel.getByRole('link', { name: 'Download photo.jpg' })).toHaveCount(0);
});
