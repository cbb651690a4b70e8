import { eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { auditLog, paymentLines, paymentLists, paymentResultImports } from '@/db/schema';
import { importResults } from '@/lib/payments/reconcile';
import { listFixture, type ListFixture } from './payment-files-fixtures';

// A provider's results file applied to an exported list: every bad input is reported and changes
// nothing, the good rows are applied set-based, totals stay equal to the lines' sum.

const csv = (rows: (string | number)[][]) => ({
  name: 'results.csv',
  bytes: new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n') + '\n'),
});
const HEADER = ['line_ref', 'status', 'reason', 'transaction_ref', 'date_paid'];

async function linesOf(listId: string) {
  return db().select().from(paymentLines).where(eq(paymentLines.listId, listId)).orderBy(paymentLines.lineNo);
}
async function listOf(listId: string) {
  const [l] = await db().select().from(paymentLists).where(eq(paymentLists.id, listId));
  return l!;
}
/** The list's totals equal the sum of its lines. */
async function expectTotalsMatch(listId: string) {
  const [sum] = await query<{
    n: number;
    total: string;
    paid_n: number;
    paid: string;
    failed_n: number;
    failed: string;
  }>(
    db(),
    sql`select count(*)::int as n, coalesce(sum(amount),0)::text as total,
        count(*) filter (where status='paid')::int as paid_n, coalesce(sum(amount) filter (where status='paid'),0)::text as paid,
        count(*) filter (where status='failed')::int as failed_n, coalesce(sum(amount) filter (where status='failed'),0)::text as failed
      from payment_lines where list_id = ${listId}`,
  );
  const l = await listOf(listId);
  expect([l.lineCount, l.totalAmount, l.paidCount, l.paidAmount, l.failedCount, l.failedAmount]).toEqual([
    sum!.n,
    Number(sum!.total),
    sum!.paid_n,
    Number(sum!.paid),
    sum!.failed_n,
    Number(sum!.failed),
  ]);
}
const exported = (over: Parameters<typeof listFixture>[0] = {}) =>
  listFixture({ lines: 4, status: 'exported', ...over });
const ref = (f: ListFixture, i: number) => f.lines[i]!.lineRef;

describe('results import: good rows', () => {
  it('applies paid and failed, keeps totals equal to the lines, reconciles when every line is settled', async () => {
    const f = await exported();
    const out = await importResults(
      f.actor,
      f.list.id,
      csv([
        HEADER,
        [ref(f, 0), 'paid', '', 'TX-1', '2026-12-16'],
        [ref(f, 1), 'PAID', '', 'TX-2', '2026-12-16'],
        [ref(f, 2), 'failed', 'wallet closed', '', ''],
      ]),
    );
    expect(out).toMatchObject({
      status: 'applied',
      rows: 3,
      paid: 2,
      failed: 1,
      changed: 3,
      problems: 0,
      reconciled: false,
    });
    const lines = await linesOf(f.list.id);
    expect(lines.map((l) => l.status)).toEqual(['paid', 'paid', 'failed', 'pending']);
    expect(lines[0]).toMatchObject({ transactionRef: 'TX-1', paidOn: '2026-12-16', failureReason: null });
    expect(lines[2]).toMatchObject({ failureReason: 'wallet closed', paidOn: null });
    await expectTotalsMatch(f.list.id);
    expect((await listOf(f.list.id)).status).toBe('exported');

    // A second, partial file settles the last line: the list is reconciled, and still accepts a third file.
    const last = await importResults(f.actor, f.list.id, csv([HEADER, [ref(f, 3), 'paid', '', 'TX-4', '2026-12-17']]));
    expect(last).toMatchObject({ status: 'applied', reconciled: true });
    const l = await listOf(f.list.id);
    expect(l.status).toBe('reconciled');
    expect(l.reconciledAt).not.toBeNull();
    await expectTotalsMatch(f.list.id);
    const retry = await importResults(
      f.actor,
      f.list.id,
      csv([HEADER, [ref(f, 2), 'paid', '', 'TX-3b', '2026-12-20']]),
    );
    expect(retry).toMatchObject({ status: 'applied', changed: 1 });
    expect((await linesOf(f.list.id))[2]!.status).toBe('paid');
    await expectTotalsMatch(f.list.id);
  });

  it('reads XLSX with amount and currency columns (dates as date cells)', async () => {
    const f = await exported({ currency: 'USD', amount: () => 1250 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Results');
    ws.addRow(['Line reference', 'Status', 'Reason', 'Transaction reference', 'Date paid', 'Amount', 'Currency']);
    ws.addRow([ref(f, 0), 'paid', '', 'T1', new Date(Date.UTC(2026, 11, 16)), 12.5, 'USD']);
    ws.addRow([ref(f, 1), 'failed', 'no wallet', '', null, '12.50', 'usd']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const out = await importResults(f.actor, f.list.id, { name: 'r.xlsx', bytes });
    expect(out).toMatchObject({ status: 'applied', paid: 1, failed: 1, problems: 0 });
    expect((await linesOf(f.list.id))[0]).toMatchObject({ status: 'paid', paidOn: '2026-12-16' });
  });

  it('queues a registry change for the beneficiaries whose lines became paid (household → head; member → member)', async () => {
    const f = await exported({ memberLine: true });
    const before = await query<{ member_id: string }>(
      db(),
      sql`select member_id from registry_outbox where member_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(f.heads)}::jsonb))`,
    );
    expect(before).toHaveLength(0);
    await importResults(
      f.actor,
      f.list.id,
      csv([
        HEADER,
        [ref(f, 0), 'paid', '', 'A', '2026-12-16'],
        [ref(f, 1), 'paid', '', 'B', '2026-12-16'],
        [ref(f, 2), 'failed', 'x', '', ''],
      ]),
    );
    const queued = await query<{ member_id: string }>(
      db(),
      sql`select member_id from registry_outbox where member_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(f.heads)}::jsonb))`,
    );
    expect(queued.map((q) => q.member_id).sort()).toEqual([f.heads[0], f.heads[1]].sort());
  });
});

describe('results import: bad input is reported, never applied', () => {
  it('unknown references, the same line twice, a changed amount, another currency, bad values', async () => {
    const f = await exported();
    const other = await exported({ operatorId: f.operatorId });
    const out = await importResults(
      f.actor,
      f.list.id,
      csv([
        [...HEADER, 'amount', 'currency'],
        ['NOPE-1', 'paid', '', '', '', '', ''],
        [ref(other, 0), 'paid', '', '', '', '', ''],
        [ref(f, 0), 'paid', '', 'A', '', '', ''],
        [ref(f, 0), 'failed', 'x', '', '', '', ''],
        [ref(f, 1), 'paid', '', '', '', '99999', ''],
        [ref(f, 2), 'paid', '', '', '', '', 'USD'],
        [ref(f, 3), 'maybe', '', '', '', '', ''],
        ['', 'paid', '', '', '', '', ''],
        [ref(f, 3), 'paid', '', '', '2026-02-30', '', ''],
      ]),
    );
    expect(out).toMatchObject({ status: 'applied', rows: 9, problems: 9, changed: 0, paid: 0, failed: 0 });
    const [imp] = await db().select().from(paymentResultImports).where(eq(paymentResultImports.listId, f.list.id));
    expect(imp!.problems.map((p) => [p.row, p.problem])).toEqual([
      [2, 'unknownRef'],
      [3, 'unknownRef'],
      [4, 'duplicate'],
      [5, 'duplicate'],
      [6, 'amountChanged'],
      [7, 'otherCurrency'],
      // A row's own problem comes first; the line is in the file twice all the same.
      [8, 'badStatus'],
      [9, 'missingRef'],
      [10, 'badDate'],
    ]);
    expect(imp!.problems.find((p) => p.row === 6)!.detail).toBe(`99999 ≠ ${f.lines[1]!.amount}`);
    expect(imp!.problems.find((p) => p.row === 4)!.detail).toBe('4, 5');
    expect((await linesOf(f.list.id)).map((l) => l.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect((await linesOf(other.list.id)).map((l) => l.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    await expectTotalsMatch(f.list.id);
  });

  it('a bad status or date alone is reported for its row', async () => {
    const f = await exported();
    const out = await importResults(
      f.actor,
      f.list.id,
      csv([
        HEADER,
        [ref(f, 0), 'maybe', '', '', ''],
        [ref(f, 1), 'paid', '', '', '16/12/2026'],
        [ref(f, 2), 'paid', '', 'T', '2026-12-16'],
      ]),
    );
    expect(out).toMatchObject({ status: 'applied', problems: 2, paid: 1 });
    const [imp] = await db().select().from(paymentResultImports).where(eq(paymentResultImports.listId, f.list.id));
    expect(imp!.problems.map((p) => p.problem)).toEqual(['badStatus', 'badDate']);
  });

  it('wrong columns refuse the file, naming the column', async () => {
    const f = await exported();
    expect(
      await importResults(
        f.actor,
        f.list.id,
        csv([
          ['status', 'reason'],
          ['paid', ''],
        ]),
      ),
    ).toEqual({
      status: 'refused',
      key: 'missingColumn',
      params: { column: 'line reference' },
    });
    expect(
      await importResults(
        f.actor,
        f.list.id,
        csv([
          [...HEADER, 'colour'],
          [ref(f, 0), 'paid', '', '', '', 'red'],
        ]),
      ),
    ).toEqual({
      status: 'refused',
      key: 'unknownColumn',
      params: { column: 'colour' },
    });
    expect(
      await importResults(
        f.actor,
        f.list.id,
        csv([
          [...HEADER, 'Status'],
          [ref(f, 0), 'paid', '', '', '', 'paid'],
        ]),
      ),
    ).toEqual({
      status: 'refused',
      key: 'duplicateColumn',
      params: { column: 'Status' },
    });
    expect(await importResults(f.actor, f.list.id, csv([HEADER]))).toMatchObject({ status: 'refused', key: 'noRows' });
    expect(await importResults(f.actor, f.list.id, { name: 'e.csv', bytes: new Uint8Array() })).toMatchObject({
      status: 'refused',
      key: 'empty',
    });
    expect(
      await db().select().from(paymentResultImports).where(eq(paymentResultImports.listId, f.list.id)),
    ).toHaveLength(0);
  });

  it('a 10 MB cell refuses the file, naming its row', async () => {
    const f = await exported();
    const out = await importResults(
      f.actor,
      f.list.id,
      csv([HEADER, [ref(f, 0), 'failed', 'x'.repeat(10 * 1024 * 1024), '', '']]),
    );
    expect(out).toMatchObject({ status: 'refused', key: 'rowTooLarge', params: { row: 2 } });
    expect((await linesOf(f.list.id))[0]!.status).toBe('pending');
  });

  it('the same file twice changes nothing the second time and says so', async () => {
    const f = await exported();
    const file = csv([HEADER, [ref(f, 0), 'paid', '', 'T', '2026-12-16']]);
    const first = await importResults(f.actor, f.list.id, file);
    expect(first.status).toBe('applied');
    const before = await listOf(f.list.id);
    const again = await importResults(f.actor, f.list.id, file);
    expect(again).toEqual({ status: 'alreadyImported', importId: (first as { importId: string }).importId });
    const after = await listOf(f.list.id);
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(
      await db().select().from(paymentResultImports).where(eq(paymentResultImports.listId, f.list.id)),
    ).toHaveLength(1);
  });

  it('a paid line is not changed by a later "failed"; that row is reported', async () => {
    const f = await exported();
    await importResults(f.actor, f.list.id, csv([HEADER, [ref(f, 0), 'paid', '', 'T', '2026-12-16']]));
    const later = await importResults(f.actor, f.list.id, csv([HEADER, [ref(f, 0), 'failed', 'bounced', '', '']]));
    expect(later).toMatchObject({ status: 'applied', problems: 1, changed: 0 });
    expect((await linesOf(f.list.id))[0]).toMatchObject({ status: 'paid', transactionRef: 'T', failureReason: null });
    await expectTotalsMatch(f.list.id);
  });

  it('only an exported or reconciled list takes results', async () => {
    for (const status of ['draft', 'submitted', 'approved', 'closed'] as const) {
      const f = await listFixture({ lines: 1, status });
      await expect(
        importResults(f.actor, f.list.id, csv([HEADER, [ref(f, 0), 'paid', '', '', '']])),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        messageKey: 'paymentResultsNotExported',
      });
    }
  });

  it("another operator's list is not found", async () => {
    const a = await exported();
    const b = await exported();
    await expect(
      importResults(b.actor, a.list.id, csv([HEADER, [ref(a, 0), 'paid', '', '', '']])),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('audits each applied import with its counts', async () => {
    const f = await exported();
    await importResults(f.actor, f.list.id, csv([HEADER, [ref(f, 0), 'paid', '', 'T', ''], ['X', 'paid', '', '', '']]));
    const rows = await db()
      .select()
      .from(auditLog)
      .where(inArray(auditLog.entityId, [f.list.id]));
    const a = rows.find((r) => r.action === 'paymentList.results')!;
    expect(a.after).toMatchObject({ rows: 2, paid: 1, problems: 1, changed: 1 });
  });
});
