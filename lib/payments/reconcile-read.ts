import 'server-only';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detectKind, readRecords } from '@/lib/imports/read';
import { ImportRefusal } from '@/lib/imports/refusal';
import { MESSAGES } from '@/messages';
import type { ProviderLayout } from '@/db/schema';

// A provider's results file read into checked rows: the header names the columns (English or
// Khmer names, case and spacing ignored), each row's values are checked here, and what only the
// database can tell (unknown reference, changed amount, …) is checked by reconcile.ts. A row with a
// bad value is kept with its problem: it is reported, never silently dropped.

export const RESULT_COLUMNS = [
  'lineRef',
  'status',
  'reason',
  'transactionRef',
  'paidOn',
  'amount',
  'currency',
] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];
const REQUIRED: readonly ResultColumn[] = ['lineRef', 'status'];

/** Whole-file refusals; the key names a message under paymentFiles.results.refusals. */
export class ResultsRefusal extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`results refused: ${key}`);
    this.name = 'ResultsRefusal';
  }
}

export interface ResultRow {
  r: number;
  ref: string;
  st: string | null;
  reason: string | null;
  txn: string | null;
  paid: string | null;
  amt: number | null;
  cur: string | null;
  /** A problem found in the row itself. */
  bad: string | null;
}

/** More rows than any list holds (the benchmark's is 100,000). */
export const MAX_RESULT_ROWS = 500_000;
const MAX_TEXT = 500;

const norm = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_.\-/]+/g, '');

const ALIASES: Record<ResultColumn, string[]> = {
  lineRef: ['lineref', 'linereference', 'reference', 'ref'],
  status: ['status', 'result'],
  reason: ['reason', 'failurereason'],
  transactionRef: ['transactionref', 'transactionreference', 'transactionid', 'txnref', 'txnid'],
  paidOn: ['datepaid', 'paidon', 'paiddate', 'paymentdate'],
  amount: ['amount', 'amountpaid'],
  currency: ['currency', 'ccy'],
};

function columnOf(header: string): ResultColumn | undefined {
  const h = norm(header);
  return RESULT_COLUMNS.find(
    (c) =>
      ALIASES[c].includes(h) ||
      norm(MESSAGES.en.paymentFiles.results.columns[c]) === h ||
      norm(MESSAGES.km.paymentFiles.results.columns[c]) === h,
  );
}

/** Which column holds which field; a missing, unknown or repeated column refuses the file, naming it. */
export function mapHeader(cells: string[]): Partial<Record<ResultColumn, number>> {
  const at: Partial<Record<ResultColumn, number>> = {};
  cells.forEach((raw, i) => {
    const header = raw.trim();
    if (header === '') return;
    const col = columnOf(header);
    if (!col) throw new ResultsRefusal('unknownColumn', { column: header });
    if (at[col] !== undefined) throw new ResultsRefusal('duplicateColumn', { column: header });
    at[col] = i;
  });
  for (const c of REQUIRED)
    if (at[c] === undefined)
      throw new ResultsRefusal('missingColumn', { column: MESSAGES.en.paymentFiles.results.columns[c] });
  return at;
}

/** An amount as written in the file, in minor units; null when it is not one. */
export function parseAmount(text: string, currency: string, format: ProviderLayout['amountFormat']): number | null {
  const t = text.replace(/[\s,]/g, '');
  let minor: number;
  if (format === 'minor' || currency === 'KHR') {
    const m = /^(\d+)(?:\.0+)?$/.exec(t);
    if (!m) return null;
    minor = Number(m[1]);
  } else {
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) return null;
    minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  }
  return Number.isSafeInteger(minor) ? minor : null;
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function checkRow(
  r: number,
  cells: string[],
  at: Partial<Record<ResultColumn, number>>,
  currency: string,
  format: ProviderLayout['amountFormat'],
): ResultRow {
  const cell = (c: ResultColumn) => (at[c] === undefined ? '' : (cells[at[c]!] ?? '').trim());
  const status = cell('status').toLowerCase();
  const amountText = cell('amount');
  const amt = amountText === '' ? null : parseAmount(amountText, currency, format);
  const row: ResultRow = {
    r,
    ref: cell('lineRef'),
    st: status,
    reason: cell('reason') || null,
    txn: cell('transactionRef') || null,
    paid: cell('paidOn') || null,
    amt,
    cur: cell('currency').toUpperCase() || null,
    bad: null,
  };
  if (row.ref === '') row.bad = 'missingRef';
  else if (status !== 'paid' && status !== 'failed') row.bad = 'badStatus';
  else if (row.paid !== null && !isDate(row.paid)) row.bad = 'badDate';
  else if (amountText !== '' && amt === null) row.bad = 'badAmount';
  else if ([row.ref, row.reason, row.txn].some((v) => v !== null && v.length > MAX_TEXT)) row.bad = 'tooLong';
  if (row.bad) {
    // What a bad row carries is only shown back, cut short; its values are not used.
    row.ref = row.ref.slice(0, 100);
    row.st = null;
    row.paid = null;
    row.amt = null;
    row.reason = null;
    row.txn = null;
    row.cur = null;
  }
  return row;
}

/** Every row of a file on disk, checked; the header is the first non-empty record. Read record by record. */
export async function readResultsFile(
  file: string,
  currency: string,
  format: ProviderLayout['amountFormat'],
): Promise<ResultRow[]> {
  if ((await stat(file)).size === 0) throw new ResultsRefusal('empty');
  try {
    const rows: ResultRow[] = [];
    let at: Partial<Record<ResultColumn, number>> | null = null;
    for await (const rec of readRecords(file, await detectKind(file))) {
      if (rec.sheet > 1) break;
      if (rec.cells.every((c) => c.trim() === '')) continue;
      if (!at) {
        at = mapHeader(rec.cells);
        continue;
      }
      if (rows.length >= MAX_RESULT_ROWS) throw new ResultsRefusal('tooManyRows', { max: MAX_RESULT_ROWS });
      rows.push(checkRow(rec.row, rec.cells, at, currency, format));
    }
    if (!at) throw new ResultsRefusal('noHeader');
    if (rows.length === 0) throw new ResultsRefusal('noRows');
    return rows;
  } catch (e) {
    if (e instanceof ImportRefusal) throw new ResultsRefusal(e.key, e.params);
    throw e;
  }
}

/** The same, for a file given as bytes (tests, scripts): written to a temporary file first. */
export async function readResults(
  bytes: Uint8Array,
  currency: string,
  format: ProviderLayout['amountFormat'],
): Promise<ResultRow[]> {
  if (bytes.length === 0) throw new ResultsRefusal('empty');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sdp-results-'));
  const file = path.join(dir, 'results');
  try {
    await writeFile(file, bytes);
    return await readResultsFile(file, currency, format);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
