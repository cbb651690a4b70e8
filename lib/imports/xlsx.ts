import 'server-only';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import unzipper from 'unzipper';

// exceljs' streaming reader (stream.xlsx.WorkbookReader, 4.4.0, its last release) reads the archive in
// one pass, entry by entry in stored order, and now and then loses the last entry (exceljs#3064). A
// workbook written by exceljs itself, or by other tools that store xl/workbook.xml last, then fails as
// "Cannot read properties of undefined (reading 'sheets')": a good file refused as unreadable, one read
// in 170 to 1,000 here, and a lost last worksheet would be worse. Worksheets stored before the
// shared strings were also copied to files in the system's temp folder, outside DATA_DIR.
//
// So the archive is opened by its central directory (unzipper.Open, the library exceljs reads ZIPs
// with) and the parts are read in the order they depend on: relationships, workbook, shared strings,
// styles, then each worksheet in the workbook's tab order, still streamed row by row. The parsing is
// exceljs' own, through the reader's methods for each part (named with "_": not its documented API,
// which is why they are listed here, and test/imports/read.test.ts reads exceljs' own files).

type Rel = { Id: string; Target: string };
type SheetEvent = { eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader };
interface ReaderParts {
  workbookRels?: Rel[];
  model?: { sheets?: { rId: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Iterable<SheetEvent>;
}

/** The archive's part at `path` (a relationship's target is relative to xl/, or absolute). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Each worksheet of the workbook at `file`, in tab order, as exceljs' streaming worksheet reader. */
export async function* xlsxWorksheets(file: string): AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader> {
  const directory = await unzipper.Open.file(file);
  const entries = new Map(directory.files.map((f) => [f.path, f]));
  const opened: Readable[] = [];
  const open = (path: string): Readable | null => {
    const stream = entries.get(path)?.stream() as Readable | undefined;
    if (stream) opened.push(stream);
    return stream ?? null;
  };
  try {
    yield* worksheets(file, open);
  } finally {
    // A reader that stops early (a refusal at row n) leaves its worksheet half read: close its file.
    for (const stream of opened) stream.destroy();
  }
}

async function* worksheets(
  file: string,
  open: (path: string) => Readable | null,
): AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles are read so that date cells come back as dates, not as serial numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderParts;

  const rels = open('xl/_rels/workbook.xml.rels');
  const workbook = open('xl/workbook.xml');
  if (!rels || !workbook) throw new Error('not a workbook: xl/workbook.xml or its relationships are missing');
  await reader._parseRels(rels);
  await reader._parseWorkbook(workbook);
  const strings = open('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings));
  const styles = open('xl/styles.xml');
  if (styles) await reader._parseStyles(styles);

  const targets = new Map((reader.workbookRels ?? []).map((r) => [r.Id, partPath(r.Target)]));
  // Worksheets only: a chart sheet (xl/chartsheets/) is a tab too, and has no rows.
  const sheetPaths = (reader.model?.sheets ?? [])
    .map((s) => targets.get(s.rId))
    .filter((p): p is string => p?.startsWith('xl/worksheets/') === true);
  for (const [i, path] of sheetPaths.entries()) {
    // The number only names the sheet's reader; a part need not be called sheetN.xml.
    const sheetNo = /sheet(\d+)\.xml$/.exec(path)?.[1] ?? String(i + 1);
    const entry = open(path);
    if (!entry) continue;
    for (const { eventType, value } of reader._parseWorksheet(entry, sheetNo)) {
      if (eventType === 'worksheet') yield value;
    }
  }
}
