/**
 * A CSV cell that a spreadsheet would run as a formula (=, @, or + and - followed by more than a
 * number) gets a leading apostrophe: exported and reported values come from people's input. CSV only:
 * in XLSX the apostrophe would be a real character, so the XLSX writers (lib/exports/export.ts,
 * lib/payments/files.ts) write such values unchanged as text cells (a string is never a formula there).
 */
export function spreadsheetSafe(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-][\d\s().]*$/.test(value)) return `'${value}`;
  return value;
}

/** UTF-8 byte-order mark: without it Excel opens a UTF-8 CSV as ANSI and Khmer turns to mojibake. */
export const UTF8_BOM = '\uFEFF';
