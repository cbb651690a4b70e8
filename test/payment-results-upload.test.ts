import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/payment-lists/[id]/results/route';
import { db } from '@/db/client';
import { auditLog, paymentLines, paymentLists, paymentResultImports } from '@/db/schema';
import { MULTIPART_MARGIN, PAYMENT_RESULTS_BYTES } from '@/lib/http/limits.mjs';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { openApiMismatch } from './helpers/openapi-conforms';
import { bigFilePieces, formRequest, uploadRequest, uploadsLeft } from './helpers/multipart';
import { listFixture, type ListFixture } from './payment-files-fixtures';

// POST /api/v1/payment-lists/{id}/results: the caller's role and the list (theirs, and sent) are checked
// before a byte of the body is read; the file is streamed to disk and counted (413 past the limit,
// nothing left behind), then applied as the results page did with its server action.

const url = (listId: string) => `http://localhost/api/v1/payment-lists/${listId}/results`;
const HEADER = 'line_ref,status,reason,transaction_ref,date_paid';

interface Answer {
  status?: string;
  key?: string;
  importId?: string;
  rows?: number;
  paid?: number;
  failed?: number;
  error?: { code: string; messageKey?: string; fields?: Record<string, string[]> };
}

function resultsForm(text: string | null, amountFormat: string | null = 'decimal', name = 'results.csv'): FormData {
  const data = new FormData();
  if (amountFormat !== null) data.append('amountFormat', amountFormat);
  if (text !== null) data.append('file', new File([text], name, { type: 'text/csv' }));
  return data;
}

/** Sends the request; every answer, refusals included, must be as /api/v1/openapi.json documents it. */
async function send(listId: string, sent: { request: Request; pulled: () => number }) {
  const res = await POST(sent.request as Parameters<typeof POST>[0], { params: Promise.resolve({ id: listId }) });
  const json = (await res.json()) as Answer;
  expect(openApiMismatch('/api/v1/payment-lists/{id}/results', 'post', res.status, json)).toEqual([]);
  return { status: res.status, json, pulled: sent.pulled() };
}
const post = async (listId: string, data: FormData, headers?: Record<string, string>) =>
  send(listId, await formRequest(url(listId), data, headers));
const big = (listId: string) => {
  const { type, pieces } = bigFilePieces('file', 'big.csv', PAYMENT_RESULTS_BYTES + 1);
  return uploadRequest(url(listId), type, pieces);
};
const ref = (f: ListFixture, i: number) => f.lines[i]!.lineRef;
const linesOf = (listId: string) =>
  db().select().from(paymentLines).where(eq(paymentLines.listId, listId)).orderBy(paymentLines.lineNo);

describe('results upload (POST /api/v1/payment-lists/{id}/results)', () => {
  it('applies a good file: lines paid and failed, the import and its audit row, the same file twice applies once', async () => {
    const f = await listFixture({ lines: 3, status: 'exported' });
    const text = `${HEADER}\n${ref(f, 0)},paid,,TX-1,2026-12-16\n${ref(f, 1)},failed,wallet closed,,\n`;
    const res = await post(f.list.id, resultsForm(text));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'applied', rows: 2, paid: 1, failed: 1, changed: 2, problems: 0 });
    expect((await linesOf(f.list.id)).map((l) => l.status)).toEqual(['paid', 'failed', 'pending']);
    const [imp] = await db().select().from(paymentResultImports).where(eq(paymentResultImports.id, res.json.importId!));
    expect(imp).toMatchObject({ fileName: 'results.csv', rows: 2, importedBy: f.actor.id });
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, f.list.id));
    expect(audits.map((a) => a.action)).toContain('paymentList.results');

    const again = await post(f.list.id, resultsForm(text));
    expect(again.json).toEqual({ status: 'alreadyImported', importId: res.json.importId });
    expect(await uploadsLeft()).toEqual([]);
  });

  it('reads XLSX and the amount format chosen in the form', async () => {
    const f = await listFixture({ lines: 2, status: 'exported', currency: 'USD', amount: () => 1250 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Results');
    ws.addRow(['Line reference', 'Status', 'Reason', 'Transaction reference', 'Date paid', 'Amount']);
    ws.addRow([ref(f, 0), 'paid', '', 'T1', '2026-12-16', '1250']);
    ws.addRow([ref(f, 1), 'paid', '', 'T2', '2026-12-16', '1250']);
    const data = new FormData();
    data.append('amountFormat', 'minor');
    data.append('file', new File([await wb.xlsx.writeBuffer()], 'ផលទូទាត់.xlsx'));
    const res = await post(f.list.id, data);
    expect(res.json).toMatchObject({ status: 'applied', paid: 2, problems: 0, reconciled: true });
    const [imp] = await db().select().from(paymentResultImports).where(eq(paymentResultImports.id, res.json.importId!));
    expect(imp!.fileName).toBe('ផលទូទាត់.xlsx');
  });

  it('answers a file refused as a whole with its reason, and bad form input with 400 beside the field', async () => {
    const f = await listFixture({ lines: 1, status: 'exported' });
    expect((await post(f.list.id, resultsForm('amount\n12\n'))).json).toMatchObject({
      status: 'refused',
      key: 'missingColumn',
    });
    expect((await post(f.list.id, resultsForm(''))).json).toMatchObject({ status: 'refused', key: 'empty' });
    const fieldError = async (data: FormData, field: string, key: string) => {
      const res = await post(f.list.id, data);
      expect(res.status, key).toBe(400);
      expect(res.json.error?.fields, key).toEqual({ [field]: [key] });
    };
    await fieldError(resultsForm(null), 'file', 'resultsFileRequired');
    await fieldError(resultsForm(`${HEADER}\n`, 'pennies'), 'amountFormat', 'providerAmountFormat');
    const two = resultsForm(`${HEADER}\n`);
    two.append('file', new File([`${HEADER}\n`], 'second.csv'));
    await fieldError(two, 'file', 'resultsOneFile');
    const notForm = uploadRequest(url(f.list.id), 'text/csv', [new TextEncoder().encode(`${HEADER}\n`)]);
    expect((await send(f.list.id, notForm)).json.error?.fields).toEqual({ file: ['resultsFileUnreadable'] });
    expect((await linesOf(f.list.id))[0]!.status).toBe('pending');
    expect(await uploadsLeft()).toEqual([]);
  });

  it('refuses a file over the limit with 413, having read no more than the limit, and keeps nothing', async () => {
    const f = await listFixture({ lines: 1, status: 'exported' });
    const res = await send(f.list.id, big(f.list.id));
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'TOO_LARGE', messageKey: 'resultsFileTooLarge' });
    expect(res.pulled).toBeGreaterThan(PAYMENT_RESULTS_BYTES);
    expect(res.pulled).toBeLessThanOrEqual(PAYMENT_RESULTS_BYTES + MULTIPART_MARGIN);
    expect(await uploadsLeft()).toEqual([]);
    expect(await db().select().from(paymentResultImports).where(eq(paymentResultImports.listId, f.list.id))).toEqual(
      [],
    );
  });

  it('refuses before reading a byte: signed out 401, wrong role 403, another operator’s list 404, a list not sent 409', async () => {
    const f = await listFixture({ lines: 1, status: 'exported' });
    const good = () => resultsForm(`${HEADER}\n${ref(f, 0)},paid,,TX-1,2026-12-16\n`);
    const tries = async (listId = f.list.id) => {
      const small = await post(listId, good());
      const large = await send(listId, big(listId));
      return [small, large].map((r) => [r.status, r.json.error?.code, r.pulled]);
    };
    const refused = (status: number, code: string) => [
      [status, code, 0],
      [status, code, 0],
    ];

    await signInAs(null);
    expect(await tries()).toEqual(refused(401, 'UNAUTHENTICATED'));
    for (const role of ['payment_approver', 'viewer', 'enrolment_officer'] as const) {
      await signInAs((await makeUser({ operatorId: f.operatorId, roles: [role] })).id);
      expect(await tries(), role).toEqual(refused(403, 'FORBIDDEN'));
    }
    await signInAs((await makeUser({ isPlatformAdmin: true })).id);
    expect(await tries()).toEqual(refused(403, 'FORBIDDEN'));
    // Another operator's administrator: the list is not found (nor is it told apart from an unknown one).
    const other = await makeOperator();
    await signInAs((await makeUser({ operatorId: other.id, roles: ['operator_admin'] })).id);
    expect(await tries()).toEqual(refused(404, 'NOT_FOUND'));
    expect(await tries('00000000-0000-4000-8000-000000000000')).toEqual(refused(404, 'NOT_FOUND'));
    expect(await tries('not-a-uuid')).toEqual(refused(404, 'NOT_FOUND'));
    // The list's own officer, for a list not yet exported.
    const approved = await listFixture({ lines: 1, status: 'approved', operatorId: f.operatorId });
    expect(await tries(approved.list.id)).toEqual(refused(409, 'CONFLICT'));
    // Another site's page posting with the officer's cookie.
    await signInAs(f.actor.id);
    const foreign = await post(f.list.id, good(), { origin: 'https://elsewhere.example' });
    expect([foreign.status, foreign.json.error?.code, foreign.pulled]).toEqual([403, 'FORBIDDEN', 0]);

    expect((await linesOf(f.list.id))[0]!.status).toBe('pending');
    const [list] = await db().select().from(paymentLists).where(eq(paymentLists.id, f.list.id));
    expect(list!.status).toBe('exported');
    expect(await uploadsLeft()).toEqual([]);
  });
});
