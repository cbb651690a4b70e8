import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { GET as fileRoute } from '@/app/api/v1/payment-lists/[id]/file/route';
import { db } from '@/db/client';
import { auditLog, paymentLists } from '@/db/schema';
import { formatAmount, paymentListFile } from '@/lib/payments/files';
import { createProvider, deleteProvider, listProviders, updateProvider } from '@/lib/payments/providers';
import { providerSchema, type ProviderInput } from '@/lib/payments/files-schemas';
import { DomainError } from '@/lib/errors';
import { formatMoney, listSummary } from '@/lib/payments/summary';
import { listFixture } from './payment-files-fixtures';

// A list's provider file: its layout, formats, neutralised formulas, totals, and the move to exported.

async function bytesOf(file: { body: ReadableStream<Uint8Array> }): Promise<Buffer> {
  return Buffer.from(await new Response(file.body).arrayBuffer());
}

function csvOf(bytes: Buffer, delimiter = ','): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { delimiter }) as string[][];
}

async function xlsxOf(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow((r) => rows.push((r.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

const provider = (over: Partial<ProviderInput['layout']> = {}, name = 'Wing'): ProviderInput => ({
  name,
  channel: 'wing',
  layout: {
    format: 'csv',
    amountFormat: 'decimal',
    delimiter: ';',
    columns: [
      { field: 'lineRef', header: 'Reference' },
      { field: 'recipientName', header: 'Name' },
      { field: 'phone', header: 'Wallet' },
      { field: 'amount', header: 'Amount' },
      { field: 'commune', header: 'Commune' },
    ],
    ...over,
  },
});

async function statusOf(id: string) {
  const [l] = await db().select().from(paymentLists).where(eq(paymentLists.id, id));
  return l!;
}

describe('amounts in the provider format', () => {
  it('writes riel whole and USD with cents in decimal, minor units as they are', () => {
    expect(formatAmount(40_000, 'KHR', 'decimal')).toBe('40000');
    expect(formatAmount(1250, 'USD', 'decimal')).toBe('12.50');
    expect(formatAmount(5, 'USD', 'decimal')).toBe('0.05');
    expect(formatAmount(1250, 'USD', 'minor')).toBe('1250');
    expect(formatAmount(40_000, 'KHR', 'minor')).toBe('40000');
  });
});

describe('provider layouts', () => {
  it('refuses a layout without line reference or amount, and a field twice', () => {
    const bad = providerSchema.safeParse(provider({ columns: [{ field: 'phone', header: 'P' }] }));
    expect(bad.success).toBe(false);
    const msgs = bad.error!.issues.map((i) => i.message);
    expect(msgs).toEqual(expect.arrayContaining(['providerNeedsLineRef', 'providerNeedsAmount']));
    const twice = providerSchema.safeParse(
      provider({
        columns: [
          { field: 'lineRef', header: 'A' },
          { field: 'amount', header: 'B' },
          { field: 'amount', header: 'C' },
        ],
      }),
    );
    expect(twice.error!.issues[0]!.message).toBe('providerFieldTwice');
    expect(providerSchema.safeParse(provider({ columns: [{ field: 'lineRef', header: '=cmd' }] })).success).toBe(false);
  });

  it('creates, renames with its version, refuses a stale version and a taken name, deletes', async () => {
    const { actor } = await listFixture({ lines: 1 });
    const { id } = await createProvider(actor, providerSchema.parse(provider()));
    await createProvider(actor, providerSchema.parse(provider({}, 'ACLEDA')));
    const updated = await updateProvider(actor, id, 1, providerSchema.parse(provider({}, 'Wing 2')));
    expect(updated.version).toBe(2);
    await expect(updateProvider(actor, id, 1, providerSchema.parse(provider({}, 'Wing 3')))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(updateProvider(actor, id, 2, providerSchema.parse(provider({}, 'ACLEDA')))).rejects.toMatchObject({
      messageKey: 'providerNameTaken',
    });
    expect((await listProviders(actor)).map((p) => p.name)).toEqual(['ACLEDA', 'Wing 2']);
    await deleteProvider(actor, id);
    expect((await listProviders(actor)).map((p) => p.name)).toEqual(['ACLEDA']);
    const audits = await db().select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((a) => a.action)).toEqual([
      'paymentProvider.create',
      'paymentProvider.update',
      'paymentProvider.delete',
    ]);
  });

  it("another operator's provider is not found", async () => {
    const a = await listFixture({ lines: 1 });
    const { id } = await createProvider(a.actor, providerSchema.parse(provider()));
    const b = await listFixture({ lines: 1 });
    await expect(paymentListFile(b.actor, b.list.id, { provider: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteProvider(b.actor, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the provider file', () => {
  it("CSV in the provider's layout: header, delimiter, decimal riel, formula neutralised, sum = total", async () => {
    const names = ['=HYPERLINK("http://x")', 'សុខ ដារ៉ា', '+SUM(A1)', '@cmd', '-2+3'];
    const f = await listFixture({ lines: 5, name: (i) => names[i]! });
    const { id } = await createProvider(f.actor, providerSchema.parse(provider()));
    const file = await paymentListFile(f.actor, f.list.id, { provider: id });
    expect(file.contentType).toMatch(/text\/csv/);
    expect(file.fileName).toBe(`${f.list.code}-Wing.csv`);
    const rows = csvOf(await bytesOf(file), ';');
    expect(rows[0]).toEqual(['Reference', 'Name', 'Wallet', 'Amount', 'Commune']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(f.lines.map((l) => l.lineRef));
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      `'=HYPERLINK("http://x")`,
      'សុខ ដារ៉ា',
      `'+SUM(A1)`,
      `'@cmd`,
      `'-2+3`,
    ]);
    // A phone number keeps its "+": only what a spreadsheet would run is neutralised.
    expect(rows[1]![2]).toBe('+85512345678');
    expect(rows[1]![3]).toBe('40000');
    expect(rows[1]![4]).toBe('បន្ទាយនាង');
    expect(rows[2]![4]).toBe('ទន្លេបាសាក់');
    const sum = rows.slice(1).reduce((s, r) => s + Number(r[3]), 0);
    expect(sum).toBe(f.list.totalAmount);
    expect(rows.length - 1).toBe(f.list.lineCount);
  });

  it('USD decimal writes cents; minor writes whole cents; sums equal the total', async () => {
    const f = await listFixture({ lines: 4, currency: 'USD', amount: (i) => [1250, 5, 100_000, 99][i]! });
    const { id } = await createProvider(f.actor, providerSchema.parse(provider({ delimiter: ',' })));
    const rows = csvOf(await bytesOf(await paymentListFile(f.actor, f.list.id, { provider: id })));
    expect(rows.slice(1).map((r) => r[3])).toEqual(['12.50', '0.05', '1000.00', '0.99']);
    const cents = rows.slice(1).reduce((s, r) => s + Math.round(Number(r[3]) * 100), 0);
    expect(cents).toBe(f.list.totalAmount);
    const minor = await createProvider(
      f.actor,
      providerSchema.parse(provider({ delimiter: ',', amountFormat: 'minor' }, 'Bank')),
    );
    const rowsMinor = csvOf(await bytesOf(await paymentListFile(f.actor, f.list.id, { provider: minor.id })));
    expect(rowsMinor.slice(1).map((r) => r[3])).toEqual(['1250', '5', '100000', '99']);
  });

  it('XLSX: text cells keep the value and run nothing, amounts are numbers summing to the total', async () => {
    const f = await listFixture({ lines: 3, currency: 'USD', name: (i) => (i === 0 ? '=1+1' : 'ចាន់ សុភា') });
    const { id } = await createProvider(f.actor, providerSchema.parse(provider({ format: 'xlsx' })));
    const file = await paymentListFile(f.actor, f.list.id, { provider: id });
    expect(file.fileName.endsWith('.xlsx')).toBe(true);
    const rows = await xlsxOf(await bytesOf(file));
    expect(rows[0]).toEqual(['Reference', 'Name', 'Wallet', 'Amount', 'Commune']);
    // A string cell, not a formula: the person's value as written.
    expect(rows[1]![1]).toBe('=1+1');
    expect(rows[2]![1]).toBe('ចាន់ សុភា');
    const amounts = rows.slice(1).map((r) => r[3] as number);
    expect(amounts).toEqual([400, 410, 420]);
    expect(Math.round(amounts.reduce((s, a) => s + a, 0) * 100)).toBe(f.list.totalAmount);
  });

  it('the default layout when no provider is chosen, in CSV or XLSX', async () => {
    const f = await listFixture({ lines: 2 });
    const rows = csvOf(await bytesOf(await paymentListFile(f.actor, f.list.id)));
    expect(rows[0]!.slice(0, 2)).toEqual(['line_ref', 'recipient_name']);
    expect(rows[0]).toContain('amount');
    const x = await xlsxOf(await bytesOf(await paymentListFile(f.actor, f.list.id, { format: 'xlsx' })));
    expect(x.length).toBe(3);
  });

  it('marks an approved list exported at the first download only, with one audit row', async () => {
    const f = await listFixture({ lines: 2, status: 'approved' });
    await bytesOf(await paymentListFile(f.actor, f.list.id));
    const first = await statusOf(f.list.id);
    expect(first.status).toBe('exported');
    expect(first.exportedAt).not.toBeNull();
    await bytesOf(await paymentListFile(f.actor, f.list.id));
    const second = await statusOf(f.list.id);
    expect(second.exportedAt).toEqual(first.exportedAt);
    expect(second.version).toBe(first.version);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, f.list.id)));
    expect(audits.filter((a) => a.action === 'paymentList.export')).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'paymentList.file')).toHaveLength(2);
  });

  it('refuses a draft or submitted list with a clear 409, and changes nothing', async () => {
    for (const status of ['draft', 'submitted'] as const) {
      const f = await listFixture({ lines: 1, status });
      const e = await paymentListFile(f.actor, f.list.id).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).messageKey).toBe('paymentFileNotApproved');
      const res = await fileRoute(new NextRequest(`http://localhost/api/v1/payment-lists/${f.list.id}/file`), {
        params: Promise.resolve({ id: f.list.id }),
      });
      expect(res.status).toBe(409);
      expect((await statusOf(f.list.id)).status).toBe(status);
    }
  });

  it('the route streams the file as an attachment; another operator gets 404', async () => {
    const f = await listFixture({ lines: 2 });
    const res = await fileRoute(new NextRequest(`http://localhost/api/v1/payment-lists/${f.list.id}/file?format=csv`), {
      params: Promise.resolve({ id: f.list.id }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(f.list.code);
    expect(csvOf(Buffer.from(await res.arrayBuffer()))).toHaveLength(3);
    await listFixture({ lines: 1 }); // signs in someone of another operator
    const other = await fileRoute(new NextRequest(`http://localhost/api/v1/payment-lists/${f.list.id}/file`), {
      params: Promise.resolve({ id: f.list.id }),
    });
    expect(other.status).toBe(404);
  });
});

describe('the printable summary', () => {
  it('totals per commune with gazetteer names add up to the list; amounts shown by locale', async () => {
    const f = await listFixture({ lines: 5, status: 'approved' });
    const s = await listSummary(f.actor, f.list.id);
    expect(s.communes.map((c) => [c.communeKm, c.communeLatin, c.provinceLatin, c.lines])).toEqual([
      ['បន្ទាយនាង', 'Banteay Neang', 'Banteay Meanchey', 3],
      ['ទន្លេបាសាក់', 'Tonle Basak', 'Phnom Penh', 2],
    ]);
    expect(s.communes.reduce((n, c) => n + c.amount, 0)).toBe(s.list.totalAmount);
    expect(s.programmeEn).toBe('Cash transfer');
    expect(formatMoney(40_000, 'KHR', 'en')).toBe('40,000 ៛');
    expect(formatMoney(1250, 'USD', 'en')).toBe('$12.50');
    expect(formatMoney(40_000, 'KHR', 'km')).toMatch(/៛$/);
  });
});
