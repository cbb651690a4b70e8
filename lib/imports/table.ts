import 'server-only';
import { BIRTH_COLUMNS, columnOfHeader, REQUIRED_COLUMNS, type ColumnKey } from './columns';
import { readRecords, type FileKind } from './read';
import { ImportRefusal } from './refusal';

// The file as a table: the header row found and mapped to columns, then the non-empty rows.

export interface TableHeader {
  sheet: number;
  row: number;
  /** The file's own header names (made unique), in file order: the report repeats them. */
  names: string[];
  keys: (ColumnKey | undefined)[];
}

export interface TableRow {
  row: number;
  cells: string[];
}

/** Cells kept for the report: at most this many characters each. */
const RAW_CELL_CHARS = 300;

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** Null when the row names none of the known columns (e.g. the template's notes sheet). */
export function headerOf(sheet: number, row: number, cells: string[]): TableHeader | null {
  const keys = cells.map((c) => columnOfHeader(c));
  if (!keys.some(Boolean)) return null;
  const seen = new Set<ColumnKey>();
  const twice = new Set<ColumnKey>();
  for (const k of keys) if (k) (seen.has(k) ? twice : seen).add(k);
  if (twice.size > 0) throw new ImportRefusal('duplicateColumns', { columns: [...twice].join(',') });
  const missing = REQUIRED_COLUMNS.filter((k) => !seen.has(k));
  if (missing.length > 0) throw new ImportRefusal('missingColumns', { columns: missing.join(',') });
  if (!BIRTH_COLUMNS.some((k) => seen.has(k))) throw new ImportRefusal('missingBirth');
  const used = new Set<string>();
  const names = cells.map((c, i) => {
    let name = safeText(c).trim() || `#${i + 1}`;
    while (used.has(name)) name = `${name} (${i + 1})`;
    used.add(name);
    return name;
  });
  return { sheet, row, names, keys };
}

/**
 * The data rows of the file. The header is the first non-empty row of the first sheet that names a
 * known column (an XLSX template's notes sheet comes first and is passed over); rows of later
 * sheets are ignored.
 */
export async function* tableRows(
  file: string,
  kind: FileKind,
  onHeader: (h: TableHeader) => void,
): AsyncGenerator<TableRow> {
  let header: TableHeader | null = null;
  const passedOver = new Set<number>();
  for await (const rec of readRecords(file, kind)) {
    if (header && rec.sheet !== header.sheet) break;
    if (isBlank(rec.cells)) continue;
    if (!header) {
      if (passedOver.has(rec.sheet)) continue;
      header = headerOf(rec.sheet, rec.row, rec.cells);
      if (!header) {
        if (kind === 'csv') throw new ImportRefusal('noHeader');
        passedOver.add(rec.sheet);
        continue;
      }
      onHeader(header);
      continue;
    }
    yield { row: rec.row, cells: rec.cells };
  }
  if (!header) throw new ImportRefusal('noHeader');
}

export function valuesOf(header: TableHeader, cells: string[]): Record<ColumnKey, string> {
  const out = {} as Record<ColumnKey, string>;
  header.keys.forEach((k, i) => {
    if (k) out[k] = cells[i] ?? '';
  });
  return out;
}

/** True when the row has text beyond the header's last column (often a stray delimiter). */
export function hasExtraCells(header: TableHeader, cells: string[]): boolean {
  return cells.slice(header.keys.length).some((c) => c.trim() !== '');
}

/** PostgreSQL's jsonb stores neither NUL nor lone surrogates. */
export function safeText(s: string): string {
  return (s as string & { toWellFormed(): string }).toWellFormed().replace(/\u0000/g, '');
}

/** The row's original values by the file's header names, shortened, for the report. */
export function rawOf(header: TableHeader, cells: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  header.names.forEach((name, i) => {
    const v = safeText(cells[i] ?? '');
    out[name] = v.length > RAW_CELL_CHARS ? `${v.slice(0, RAW_CELL_CHARS)}…` : v;
  });
  return out;
}
