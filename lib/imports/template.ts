import 'server-only';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { MESSAGES } from '@/messages';
import { UTF8_BOM } from '@/lib/spreadsheet-safe';
import { allowedValues, BIRTH_COLUMNS, COLUMN_KEYS, REQUIRED_COLUMNS, templateHeader, type ColumnKey } from './columns';
import type { TemplateVillage } from './template-villages';

// The file to fill in: the headers in Khmer and English ("ភេទ / Sex"). The Excel template's first
// sheet explains the layout in both languages; the second sheet is the one that is read; the third
// lists the villages the operator may name, with their codes (the import reads only the second).

const notes = { en: MESSAGES.en.imports.notes, km: MESSAGES.km.imports.notes };
const NOTE_KEYS = [
  'rows',
  'household',
  'required',
  'birth',
  'codes',
  'ids',
  'checks',
  'duplicates',
  'again',
  'limits',
  'villages',
] as const;
const CODED: ColumnKey[] = [
  'sex',
  'relationship',
  'marital_status',
  'idpoor_level',
  ...COLUMN_KEYS.filter((k) => k.startsWith('wg_')),
];
const TEXT_FORMAT: ColumnKey[] = [
  'household_ref',
  'village_code',
  'idpoor_number',
  'household_phone',
  'khmer_id',
  'birth_certificate_no',
  'phone',
  'birth_date',
];

const EXAMPLE: Partial<Record<ColumnKey, string>>[] = [
  {
    household_ref: 'HH-001',
    village_code: '01020101',
    address: 'ផ្ទះលេខ ១២',
    idpoor_number: '01020101-0042',
    idpoor_level: '1',
    household_phone: '012 345 678',
    surname_km: 'សុខ',
    given_name_km: 'ដារ៉ា',
    surname_latin: 'Sok',
    given_name_latin: 'Dara',
    sex: 'M',
    birth_date: '1980-05-17',
    relationship: 'head',
    khmer_id: '123456789',
    marital_status: 'married',
  },
  {
    household_ref: 'HH-001',
    surname_km: 'ចាន់',
    given_name_km: 'សុភា',
    sex: 'F',
    birth_year: '1984',
    relationship: 'spouse',
    marital_status: 'married',
    wg_walking: 'aLot',
  },
  {
    household_ref: 'HH-001',
    surname_km: 'ដារ៉ា',
    given_name_km: 'វិចិត្រ',
    sex: 'M',
    birth_date: '2015-03-02',
    relationship: 'child',
    birth_certificate_no: 'BC-2015-0099',
  },
];

/** The head's example row, in a village the operator may use (the first of its villages), when there is one. */
function exampleHead(villages: TemplateVillage[]): Partial<Record<ColumnKey, string>> {
  const village = villages[0];
  if (!village) return EXAMPLE[0]!;
  return { ...EXAMPLE[0], village_code: village.code, idpoor_number: `${village.code}-0042` };
}

/** The header and one example row (a household head), to be overwritten or deleted before importing. */
export function csvTemplate(villages: TemplateVillage[] = []): string {
  const example = exampleHead(villages);
  return (
    UTF8_BOM +
    stringify([COLUMN_KEYS.map(templateHeader), COLUMN_KEYS.map((k) => example[k] ?? '')], {
      record_delimiter: 'windows',
    })
  );
}

const isRequired = (k: ColumnKey) => REQUIRED_COLUMNS.includes(k) || BIRTH_COLUMNS.includes(k);

function notesSheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(`${notes.km.sheet} - ${notes.en.sheet}`);
  ws.columns = [{ width: 48 }, { width: 14 }, { width: 60 }];
  ws.addRow([`${notes.km.title} / ${notes.en.title}`]).font = { bold: true, size: 14 };
  ws.addRow([]);
  for (const key of NOTE_KEYS) {
    for (const lang of ['km', 'en'] as const) {
      const row = ws.addRow([notes[lang][key]]);
      ws.mergeCells(row.number, 1, row.number, 3);
      row.alignment = { wrapText: true, vertical: 'top' };
      row.height = 48;
    }
    ws.addRow([]);
  }
  const head = ws.addRow(['Column / ជួរឈរ', 'Required / ត្រូវតែមាន', 'Values / តម្លៃ']);
  head.font = { bold: true };
  for (const k of COLUMN_KEYS) {
    ws.addRow([
      templateHeader(k),
      isRequired(k) ? (BIRTH_COLUMNS.includes(k) ? '1/2' : '✔') : '',
      CODED.includes(k) ? allowedValues(k) : '',
    ]);
  }
  ws.addRow([]);
  ws.addRow(['Example / ឧទាហរណ៍']).font = { bold: true };
  ws.addRow(COLUMN_KEYS.map(templateHeader));
  for (const e of EXAMPLE) ws.addRow(COLUMN_KEYS.map((k) => e[k] ?? ''));
}

const VILLAGE_HEADERS = [
  'Code / លេខកូដ',
  'ភូមិ / Village (Khmer)',
  'Village / ភូមិ (Latin)',
  'ឃុំ សង្កាត់ / Commune',
  'Commune / ឃុំ សង្កាត់',
  'ស្រុក ខណ្ឌ / District',
  'District / ស្រុក ខណ្ឌ',
  'ខេត្ត / Province',
  'Province / ខេត្ត',
];

/** The villages the operator may name: a filter on every column, so a code is found by any name. */
function villagesSheet(wb: ExcelJS.Workbook, villages: TemplateVillage[]) {
  const ws = wb.addWorksheet(`${notes.km.villagesSheet} - ${notes.en.villagesSheet}`, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = VILLAGE_HEADERS.map((header, i) => ({ header, width: i === 0 ? 12 : 24 }));
  ws.getRow(1).font = { bold: true };
  ws.getColumn(1).numFmt = '@';
  for (const v of villages) {
    ws.addRow([
      v.code,
      v.nameKm,
      v.nameLatin,
      v.communeKm,
      v.communeLatin,
      v.districtKm,
      v.districtLatin,
      v.provinceKm,
      v.provinceLatin,
    ]);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: VILLAGE_HEADERS.length } };
}

function dataSheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(`${notes.km.dataSheet} - ${notes.en.dataSheet}`, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = COLUMN_KEYS.map((k) => ({ header: templateHeader(k), key: k, width: 22 }));
  ws.getRow(1).font = { bold: true };
  COLUMN_KEYS.forEach((k, i) => {
    const col = ws.getColumn(i + 1);
    // Text, so that Excel keeps leading zeros (village 01020101, phone 012…) and does not reformat dates.
    if (TEXT_FORMAT.includes(k)) col.numFmt = '@';
  });
}

export async function xlsxTemplate(villages: TemplateVillage[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SDP';
  notesSheet(wb);
  dataSheet(wb);
  villagesSheet(wb, villages);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
