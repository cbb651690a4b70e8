import 'server-only';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { ImportRefusal } from './refusal';
import { xlsxWorksheets } from './xlsx';

// Reads an uploaded file as records of text cells, streamed: CSV (UTF-8 with or without a BOM, or
// UTF-16 as Excel's "Unicode text" writes it; comma, semicolon or tab, detected) or XLSX (exceljs'
// parsers, each worksheet streamed row by row: lib/imports/xlsx.ts). Nothing here holds more than one record.

export type FileKind = 'csv' | 'xlsx';
export interface SheetRecord {
  sheet: number;
  row: number;
  cells: string[];
}

/** Larger records are refused: a real member row is a few hundred characters. */
export const MAX_RECORD_CHARS = 1024 * 1024;
type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

async function head(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** XLSX is a ZIP archive; anything else must be CSV text. */
export async function detectKind(file: string): Promise<FileKind> {
  const start = await head(file, 4);
  if (start.length === 0) throw new ImportRefusal('empty');
  return start.toString('latin1') === 'PK\u0003\u0004' ? 'xlsx' : 'csv';
}

function encodingOf(start: Buffer): Encoding {
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The delimiter that occurs most often, outside quotes, in the first line. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * Bytes to text. A few invalid bytes become U+FFFD and only their rows are refused (see row.ts);
 * NUL characters, or more than 1% invalid bytes, mean the file is not text at all (binary junk).
 */
class Decode extends Transform {
  private readonly decoder: TextDecoder;
  private chars = 0;
  private invalid = 0;
  constructor(encoding: Encoding) {
    super({ decodeStrings: true });
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  }
  private check(text: string, cb: TransformCallback, final: boolean) {
    this.chars += text.length;
    for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) this.invalid += 1;
    const judged = final || this.chars >= 16 * 1024;
    if (text.includes('\u0000') || (judged && this.invalid > this.chars / 100)) return cb(new ImportRefusal('notText'));
    cb(null, text);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.check(this.decoder.decode(chunk, { stream: true }), cb, false);
  }
  override _flush(cb: TransformCallback) {
    this.check(this.decoder.decode(), cb, true);
  }
}

async function* csvRecords(file: string): AsyncGenerator<SheetRecord> {
  const start = await head(file, 64 * 1024);
  const encoding = encodingOf(start);
  const delimiter = detectDelimiter(new TextDecoder(encoding).decode(start));
  const source = createReadStream(file);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const decode = new Decode(encoding);
  source.on('error', (e) => parser.destroy(e));
  decode.on('error', (e) => parser.destroy(e));
  source.pipe(decode).pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { sheet: 1, row, cells };
    }
  } catch (e) {
    if (e instanceof ImportRefusal) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new ImportRefusal('rowTooLarge', { row: row + 1 });
    throw new ImportRefusal('csvError', { row: row + 1 }, { cause: e });
  } finally {
    source.destroy();
  }
}

type Cell = ExcelJS.CellValue;

/** An XLSX cell as the text a person sees: dates as YYYY-MM-DD, formulas by their result. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: Cell }).result ?? null);
  if ('text' in value) return String((value as { text: unknown }).text ?? '');
  return '';
}

async function* xlsxRecords(file: string): AsyncGenerator<SheetRecord> {
  let sheet = 0;
  let row = 0;
  try {
    for await (const ws of xlsxWorksheets(file)) {
      sheet += 1;
      for await (const r of ws) {
        row = r.number;
        const values = r.values as Cell[];
        const cells: string[] = [];
        let chars = 0;
        for (let i = 1; i < values.length; i++) {
          const text = cellText(values[i] ?? null);
          chars += text.length;
          cells.push(text);
        }
        if (chars > MAX_RECORD_CHARS) throw new ImportRefusal('rowTooLarge', { row });
        yield { sheet, row, cells };
      }
    }
  } catch (e) {
    if (e instanceof ImportRefusal) throw e;
    throw new ImportRefusal('unreadable', { row }, { cause: e });
  }
}

export function readRecords(file: string, kind: FileKind): AsyncGenerator<SheetRecord> {
  return kind === 'xlsx' ? xlsxRecords(file) : csvRecords(file);
}
