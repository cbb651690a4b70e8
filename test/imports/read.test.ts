import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { COLUMN_KEYS, columnOfHeader } from '@/lib/imports/columns';
import { cellText, detectDelimiter, detectKind, readRecords } from '@/lib/imports/read';
import { ImportRefusal } from '@/lib/imports/refusal';
import { normaliseDate, normaliseVillage, rowInput } from '@/lib/imports/row';
import { tableRows, valuesOf, type TableHeader } from '@/lib/imports/table';
import { csvOf, headerOf, household } from '../helpers/imports';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sdp-read-'));
let n = 0;
function file(content: string | Buffer): string {
  const p = path.join(dir, `f${n++}`);
  writeFileSync(p, content);
  return p;
}

async function table(p: string) {
  let header: TableHeader | undefined;
  const rows = [];
  for await (const r of tableRows(p, await detectKind(p), (h) => {
    header = h;
  }))
    rows.push(valuesOf(header!, r.cells));
  return { header: header!, rows };
}

async function refusal(p: string): Promise<ImportRefusal> {
  try {
    await table(p);
  } catch (e) {
    if (e instanceof ImportRefusal) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('reading CSV', () => {
  const rows = household('HH-1');

  it('reads headers in the template form, in English, in Khmer and as keys, in any order', async () => {
    for (const style of ['template', 'en', 'km', 'keys'] as const) {
      const columns = [...COLUMN_KEYS].reverse();
      const { rows: read } = await table(file(csvOf(rows, { header: style, columns })));
      expect(read, style).toHaveLength(3);
      expect(read[0]!.surname_km, style).toBe(rows[0]!.surname_km);
      expect(read[1]!.birth_year, style).toBe('1984');
    }
    // Case, spacing and a "required" star do not matter.
    expect(columnOfHeader('  SURNAME   (khmer) *')).toBe('surname_km');
    expect(columnOfHeader('ភេទ/Sex')).toBe('sex');
  });

  it('detects comma, semicolon and tab, and ignores a UTF-8 byte-order mark', async () => {
    expect(detectDelimiter('a;b;"c;d";e\n1,2')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"a,b";c')).toBe(';');
    for (const delimiter of [',', ';', '\t']) {
      const { rows: read, header } = await table(file(csvOf(rows, { delimiter, bom: true })));
      expect(header.keys[0], JSON.stringify(delimiter)).toBe('household_ref');
      expect(read.map((r) => r.given_name_km)).toEqual(rows.map((r) => r.given_name_km));
    }
  });

  it('reads UTF-16 text as Excel saves "Unicode text", and quoted cells with delimiters and line breaks', async () => {
    const text = csvOf([{ ...rows[0]!, address: 'ផ្ទះ "ក", ផ្លូវ ១\nភូមិ' }], { delimiter: '\t' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { rows: read } = await table(file(utf16));
    expect(read[0]!.address).toBe('ផ្ទះ "ក", ផ្លូវ ១\nភូមិ');
  });

  it('numbers rows as a spreadsheet does and skips blank rows', async () => {
    const text = csvOf(rows).replace(/\r\n/, '\r\n,,,\r\n\r\n');
    const records = [];
    for await (const r of readRecords(file(text), 'csv')) records.push(r.row);
    expect(records).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await table(file(text))).rows).toHaveLength(3);
  });

  it('refuses missing, repeated or unknown headers and files that are not text', async () => {
    const missing = await refusal(
      file(csvOf(rows, { columns: COLUMN_KEYS.filter((k) => k !== 'sex' && k !== 'village_code') })),
    );
    expect(missing.key).toBe('missingColumns');
    expect(missing.params.columns).toBe('village_code,sex');
    expect(
      (await refusal(file(csvOf(rows, { columns: COLUMN_KEYS.filter((k) => !k.startsWith('birth_')) })))).key,
    ).toBe('missingBirth');
    expect((await refusal(file(`${headerOf('sex', 'en')},${headerOf('sex', 'km')}\r\nF,F\r\n`))).key).toBe(
      'duplicateColumns',
    );
    expect((await refusal(file('name,age\r\nSok,40\r\n'))).key).toBe('noHeader');
    expect((await refusal(file(Buffer.from([0x00, 0xff, 0x13, 0x37, 0xc3, 0x28, 0x00, 0x01])))).key).toBe('notText');
    expect((await refusal(file('"unclosed,quote\r\n'))).key).toBe('csvError');
    await expect(detectKind(file(''))).rejects.toMatchObject({ key: 'empty' });
  });
});

describe('reading XLSX', () => {
  it('passes over a notes sheet, reads the data sheet, dates, numbers, rich text and formulas as text', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('Read me');
    notes.addRow(['Household import template']);
    notes.addRow(COLUMN_KEYS.map((k) => headerOf(k, 'template')));
    const data = wb.addWorksheet('Members');
    const columns = [
      'household_ref',
      'village_code',
      'surname_km',
      'given_name_km',
      'sex',
      'birth_date',
      'relationship',
      'khmer_id',
      'phone',
    ] as const;
    data.addRow(columns.map((k) => headerOf(k, 'en')));
    data.addRow([
      'HH-1',
      1020101,
      { richText: [{ text: 'សុ' }, { text: 'ខ' }] },
      'ដារ៉ា',
      'M',
      new Date(Date.UTC(1980, 4, 17)),
      'head',
      { formula: '100000000+23456789', result: 123456789 },
      '012 345 678',
    ]);
    const p = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(p);
    expect(await detectKind(p)).toBe('xlsx');
    const { header, rows } = await table(p);
    expect(header.sheet).toBe(2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      village_code: '1020101',
      surname_km: 'សុខ',
      birth_date: '1980-05-17',
      khmer_id: '123456789',
    });
    // The village code lost its leading zero in a number cell: the importer puts it back.
    expect(rowInput(rows[0]!).household.village_code).toBe('01020101');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('');
  });

  it('refuses a ZIP that is not a workbook', async () => {
    const p = file(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]));
    expect((await refusal(p)).key).toBe('unreadable');
  });

  it('reads the sheets in the order of their tabs, as the person sees them, not in the order they are stored', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, ref] of [
      ['Old list', 'OLD-1'],
      ['Members', 'NEW-1'],
    ]) {
      const ws = wb.addWorksheet(name);
      ws.addRow(COLUMN_KEYS.map((k) => headerOf(k, 'en')));
      ws.addRow([ref]);
    }
    // The Members tab moved to the front in Excel: its sheet keeps its place in the file (sheet1.xml is
    // still the old list); only the workbook's list of tabs changes.
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const book = await zip.file('xl/workbook.xml')!.async('string');
    const [oldTab, membersTab] = book.match(/<sheet [^>]*\/>/g)!;
    zip.file('xl/workbook.xml', book.replace(`${oldTab}${membersTab}`, `${membersTab}${oldTab}`));
    const p = file(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const { header, rows } = await table(p);
    expect(header.sheet).toBe(1);
    expect(rows.map((r) => r.household_ref)).toEqual(['NEW-1']);
  });

  it("finds a worksheet by the workbook's relationships, whatever its part is called (not only sheetN.xml)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Members');
    ws.addRow(COLUMN_KEYS.map((k) => headerOf(k, 'en')));
    ws.addRow(['NAMED-1']);
    // As another tool may write it: the same workbook, its worksheet stored as xl/worksheets/members.xml.
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('nodebuffer');
    zip.remove('xl/worksheets/sheet1.xml');
    zip.file('xl/worksheets/members.xml', sheet);
    for (const part of ['xl/_rels/workbook.xml.rels', '[Content_Types].xml']) {
      const text = await zip.file(part)!.async('string');
      zip.file(part, text.replace('worksheets/sheet1.xml', 'worksheets/members.xml'));
    }
    const p = file(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const { rows } = await table(p);
    expect(rows.map((r) => r.household_ref)).toEqual(['NAMED-1']);
  });

  it('copies nothing of the file to the temp folder while reading it (only DATA_DIR holds uploads)', async () => {
    // exceljs writes the worksheets before the shared strings, as many tools do.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Members').addRow(COLUMN_KEYS.map((k) => headerOf(k, 'en')));
    for (const row of household('TMP')) wb.worksheets[0]!.addRow(COLUMN_KEYS.map((k) => row[k] ?? ''));
    const p = file(Buffer.from(await wb.xlsx.writeBuffer()));
    const temp = mkdtempSync(path.join(os.tmpdir(), 'sdp-temp-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    const seen: string[] = [];
    try {
      for await (const rec of readRecords(p, 'xlsx')) if (rec.row === 2) seen.push(...readdirSync(temp));
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(seen).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe('cells people type', () => {
  it('dates, Khmer digits, words for codes', () => {
    expect(normaliseDate('17/05/1980')).toBe('1980-05-17');
    expect(normaliseDate('7.5.1980')).toBe('1980-05-07');
    expect(normaliseDate('១៩៨០-០៥-១៧')).toBe('1980-05-17');
    expect(normaliseDate('1980-05-17 00:00:00')).toBe('1980-05-17');
    expect(normaliseDate('2023-02-30')).toBe('2023-02-30');
    expect(normaliseVillage('១០២០១០១')).toBe('01020101');
    const input = rowInput({
      household_ref: 'A',
      sex: 'ស្រី',
      relationship: 'Head of household',
      marital_status: 'រៀបការ',
      wg_seeing: '3',
      wg_hearing: 'cannot do at all',
      khmer_id: '១២៣ ៤៥៦ ៧៨៩',
    });
    expect(input.member).toMatchObject({
      sex: 'F',
      relationship: 'head',
      maritalStatus: 'married',
      khmerId: '123 456 789',
    });
    expect(input.member.disability).toMatchObject({ seeing: 'aLot', hearing: 'cannot', walking: 'none' });
    expect(input.errors).toEqual({});
    expect(rowInput({ household_ref: 'A', sex: 'X', wg_walking: '9' }).errors).toEqual({
      sex: ['unknownValue?values=F%2C+M'],
      wg_walking: ['unknownValue?values=none%2C+some%2C+aLot%2C+cannot'],
    });
  });
});
