import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as listRoute } from '@/app/api/v1/imports/route';
import { GET as templateRoute } from '@/app/api/v1/imports/template/route';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { COLUMN_KEYS, templateHeader } from '@/lib/imports/columns';
import type { ImportJobView } from '@/lib/imports/jobs';
import { headerOf as tableHeader } from '@/lib/imports/table';
import { makeOperator, makeUser, signInAs } from '../helpers/fixtures';
import { ensureUnits } from '../helpers/households';
import { csvOf, household, importFile, reportOf } from '../helpers/imports';

let officerId: string;

async function template(format: 'csv' | 'xlsx') {
  const res = await templateRoute(new NextRequest(`http://localhost/api/v1/imports/template?format=${format}`));
  expect(res.status).toBe(200);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The villages sheet's rows (the template's third sheet), as text. */
async function villagesOf(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[2]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

beforeAll(async () => {
  await ensureUnits();
  officerId = (await makeUser({ operatorId: (await makeOperator()).id, roles: ['enrolment_officer'] })).id;
});

beforeEach(async () => {
  await signInAs(officerId);
});

describe('the template', () => {
  it('CSV: a UTF-8 header row in Khmer and English that the importer reads back', async () => {
    const { res, bytes } = await template('csv');
    expect(res.headers.get('content-disposition')).toContain('sdp-household-import.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, example] = parse(bytes.subarray(3).toString('utf8')) as string[][];
    expect(header![11]).toBe('ភេទ / Sex');
    expect(tableHeader(1, 1, header!)!.keys).toEqual([...COLUMN_KEYS]);
    // One example row: a household head in a village the operator may use (its first).
    const cell = (k: (typeof COLUMN_KEYS)[number]) => example![COLUMN_KEYS.indexOf(k)];
    expect(cell('relationship')).toBe('head');
    expect(cell('village_code')).toBe('01020101');
    expect(cell('surname_km')).toBe('សុខ');
  });

  it('XLSX: a villages sheet with codes and Khmer and Latin names, of every province while the operator has no household', async () => {
    const { bytes } = await template('xlsx');
    const villages = await villagesOf(bytes);
    expect(villages[0]).toEqual([
      'Code / លេខកូដ',
      'ភូមិ / Village (Khmer)',
      'Village / ភូមិ (Latin)',
      'ឃុំ សង្កាត់ / Commune',
      'Commune / ឃុំ សង្កាត់',
      'ស្រុក ខណ្ឌ / District',
      'District / ស្រុក ខណ្ឌ',
      'ខេត្ត / Province',
      'Province / ខេត្ត',
    ]);
    const codes = villages.slice(1).map((r) => r[0]);
    expect(codes).toContain('12010101');
    const ouThum = villages.find((r) => r[0] === '01020101');
    expect(ouThum?.slice(1, 3)).toEqual(['អូរធំ', 'Ou Thum']);
    expect(ouThum?.[8]).toBeTruthy();
  });

  it('XLSX: the notes sheet first, the data sheet second; filled in, it imports', async () => {
    const { bytes } = await template('xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['សូមអាន - Read me', 'សមាជិក - Members', 'ភូមិ - Villages']);
    const notes = wb.worksheets[0]!;
    const text = notes
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n');
    expect(text).toContain('One row per member.');
    expect(text).toContain('មួយជួរសម្រាប់សមាជិកម្នាក់។');
    const data = wb.worksheets[1]!;
    expect((data.getRow(1).values as string[]).slice(1)).toEqual(COLUMN_KEYS.map(templateHeader));
    for (const row of household('XL')) data.addRow(COLUMN_KEYS.map((k) => row[k] ?? ''));
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await importFile(new Uint8Array(filled), 'filled.xlsx');
    // The job's error in the message: this failed once in CI as "refused" with no rows, and passed in 20 runs since.
    expect(job, `job error: ${job.error}`).toMatchObject({
      status: 'done',
      totalRows: 3,
      createdHouseholds: 1,
      createdMembers: 3,
    });
  });

  it('XLSX: once the operator has households, the villages of its provinces only', async () => {
    const codes = (await villagesOf((await template('xlsx')).bytes)).slice(1).map((r) => r[0]);
    expect(codes).toContain('01020101');
    expect(codes).not.toContain('12010101');
  });
});

describe('the job list and the report in Khmer', () => {
  it("lists the operator's jobs newest first with progress, and reports in the reader's language", async () => {
    await db().update(users).set({ locale: 'km' }).where(eq(users.id, officerId));
    const rows = household('KM');
    rows[0]!.birth_date = '2023-02-30';
    const job = await importFile(csvOf(rows), 'ខ្មែរ.csv');
    const res = await listRoute(new NextRequest('http://localhost/api/v1/imports'));
    const jobs = (await res.json()) as ImportJobView[];
    expect(jobs[0]).toMatchObject({
      id: job.id,
      fileName: 'ខ្មែរ.csv',
      status: 'done',
      progress: 100,
      invalidRows: 3,
      hasReport: true,
    });
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    const { rows: report } = await reportOf(job.id);
    expect(report[0]!.slice(0, 3)).toEqual(['ជួរ', 'ជួរឈរ', 'បញ្ហា']);
    expect(report[1]!.slice(0, 3)).toEqual(['2', 'ថ្ងៃខែឆ្នាំកំណើត', 'កាលបរិច្ឆេទនេះមិនមានទេ។']);
    expect(report[2]!.slice(0, 3)).toEqual(['3', '', 'មិនបាននាំចូលទេ ព្រោះជួរផ្សេងទៀតនៃគ្រួសារនេះមានបញ្ហា។']);
  });
});
