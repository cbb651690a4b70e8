import 'server-only';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { and, eq, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { paymentLists, type ProviderLayout } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { systemLogger } from '@/lib/log';
import { spreadsheetSafe, UTF8_BOM } from '@/lib/spreadsheet-safe';
import { DEFAULT_LAYOUT } from './files-schemas';
import { getProvider } from './providers';
import { markExported } from './transitions';
import type { ListStatus, ProviderField } from './values';

// A list's file for its payment provider, streamed: lines are read in keyset pages on (list, line
// number) — the unique index serves them — and written as they come, waiting while the reader is
// behind, so 100,000 lines take the memory of one page. No transaction is held while the download
// drains. The first download of an approved list marks it exported, with its audit row; every
// download is audited (payment details leave the platform).

const PAGE = 5000;
/** Only a list someone has approved may be paid. */
export const FILE_STATUSES: readonly ListStatus[] = ['approved', 'exported', 'reconciled', 'closed'];

interface LineRow {
  line_no: number;
  line_ref: string;
  recipient_name_km: string;
  recipient_name_latin: string | null;
  recipient_khmer_id: string | null;
  phone: string | null;
  account: string | null;
  channel: string | null;
  amount: number | string;
  currency: string;
  household_code: string;
  proxy_name: string | null;
  province: string | null;
  district: string | null;
  commune: string | null;
  village: string | null;
}

/** Minor units as the provider writes them: riel has no fraction ("40000"), USD has cents ("12.50"). */
export function formatAmount(minor: number, currency: string, format: ProviderLayout['amountFormat']): string {
  if (format === 'minor' || currency === 'KHR') return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Each field's value in a line (one getter a field: no object built per cell). */
const FIELD: Record<Exclude<ProviderField, 'amount'>, (r: LineRow) => string | null> = {
  lineRef: (r) => r.line_ref,
  recipientName: (r) => r.recipient_name_km,
  recipientNameLatin: (r) => r.recipient_name_latin,
  khmerId: (r) => r.recipient_khmer_id,
  phone: (r) => r.phone,
  account: (r) => r.account,
  channel: (r) => r.channel,
  currency: (r) => r.currency,
  householdCode: (r) => r.household_code,
  province: (r) => r.province,
  district: (r) => r.district,
  commune: (r) => r.commune,
  village: (r) => r.village,
  proxyName: (r) => r.proxy_name,
};

function fieldValue(r: LineRow, field: ProviderField): string {
  return FIELD[field as Exclude<ProviderField, 'amount'>](r) ?? '';
}

function page(listId: string, after: number) {
  // Unit names from the gazetteer by the frozen village code (its first 2, 4 and 6 digits).
  return query<LineRow>(
    db(),
    sql`select l.line_no, l.line_ref, l.recipient_name_km, l.recipient_name_latin, l.recipient_khmer_id,
        l.phone, l.account, l.channel, l.amount, l.currency, l.household_code, l.proxy_name,
        p.name_km as province, d.name_km as district, c.name_km as commune, v.name_km as village
      from payment_lines l
      left join admin_units v on v.code = l.village_code
      left join admin_units c on c.code = coalesce(l.commune_code, left(l.village_code, 6))
      left join admin_units d on d.code = left(l.village_code, 4)
      left join admin_units p on p.code = left(l.village_code, 2)
      where l.list_id = ${listId} and l.line_no > ${after}
      order by l.line_no
      limit ${PAGE}`,
  );
}

interface Sink {
  write(rows: LineRow[]): void;
  end(): Promise<void>;
}

function csvSink(out: PassThrough, layout: ProviderLayout): Sink {
  const delimiter = layout.delimiter ?? ',';
  const headers = layout.columns.map((c) => c.header);
  out.write(UTF8_BOM + stringify([headers], { delimiter }));
  return {
    write: (rows) => {
      const cells = rows.map((r) =>
        layout.columns.map((c) =>
          c.field === 'amount'
            ? formatAmount(Number(r.amount), r.currency, layout.amountFormat)
            : spreadsheetSafe(fieldValue(r, c.field)),
        ),
      );
      out.write(stringify(cells, { delimiter }));
    },
    end: async () => {
      out.end();
    },
  };
}

function xlsxSink(out: PassThrough, layout: ProviderLayout, currency: string): Sink {
  // Inline strings (no shared-string table kept in memory) and no styles (a number format on each
  // amount cell made the file ten times slower to write). Text is written as text cells, never as
  // formulas, so a name starting with "=" is shown as written and runs nothing: the value stays the
  // person's own. Amounts are numbers (dollars 12.5, riel 40000), so the column sums to the total.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Payments');
  ws.addRow(layout.columns.map((c) => c.header)).commit();
  const decimal = layout.amountFormat === 'decimal' && currency !== 'KHR';
  return {
    write: (rows) => {
      for (const r of rows)
        ws.addRow(
          layout.columns.map((c) =>
            // An empty value is no cell at all (quicker to write, the same to read).
            c.field === 'amount'
              ? decimal
                ? Number(r.amount) / 100
                : Number(r.amount)
              : fieldValue(r, c.field) || null,
          ),
        ).commit();
    },
    end: async () => {
      ws.commit();
      await wb.commit();
    },
  };
}

/** Waits while the reader is behind (or gone), so that a slow download never fills memory. */
async function readerCaughtUp(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

export interface FileChoice {
  provider?: string;
  format?: 'csv' | 'xlsx';
}

/** The layout a download uses: the chosen provider's, or the default one (in the format asked for). */
async function layoutOf(actor: OperatorUser, choice: FileChoice) {
  if (choice.provider) {
    const p = await getProvider(actor, choice.provider);
    return { layout: p.layout, providerId: p.id, providerName: p.name };
  }
  return {
    layout: { ...DEFAULT_LAYOUT, format: choice.format ?? DEFAULT_LAYOUT.format },
    providerId: null,
    providerName: null,
  };
}

export async function paymentListFile(
  actor: OperatorUser,
  listId: string,
  choice: FileChoice = {},
): Promise<{ fileName: string; contentType: string; body: ReadableStream<Uint8Array> }> {
  const [list] = await db()
    .select()
    .from(paymentLists)
    .where(and(ownedBy(paymentLists, actor), eq(paymentLists.id, listId)));
  if (!list) throw new DomainError('NOT_FOUND');
  if (!FILE_STATUSES.includes(list.status as ListStatus)) throw new DomainError('CONFLICT', 'paymentFileNotApproved');
  const { layout, providerId, providerName } = await layoutOf(actor, choice);
  await db().transaction(async (tx) => {
    await markExported(tx, actor, list.id);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'paymentList.file',
      entityType: 'payment_list',
      entityId: list.id,
      after: { providerId, providerName, format: layout.format, lines: list.lineCount, total: list.totalAmount },
    });
  });

  const out = new PassThrough();
  const sink = layout.format === 'xlsx' ? xlsxSink(out, layout, list.currency) : csvSink(out, layout);
  void (async () => {
    try {
      for (let after = 0; !out.destroyed;) {
        const rows = await page(list.id, after);
        if (rows.length === 0) break;
        sink.write(rows);
        after = Number(rows.at(-1)!.line_no);
        await readerCaughtUp(out);
      }
      if (!out.destroyed) {
        await sink.end();
        await finished(out);
      }
    } catch (err) {
      if (!out.destroyed) {
        systemLogger('payment-file').error({ err, listId: list.id }, 'payment file failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      }
    }
  })();
  const slug = (providerName ?? 'payments').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'payments';
  return {
    fileName: `${list.code}-${slug}.${layout.format}`,
    contentType: layout.format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8',
    body: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
