import ExcelJS from 'exceljs';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportRoute } from '@/app/api/v1/export/route';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { makeHousehold, makeMembers, seedVillages } from './helpers/search-data';

// Issue 12, point 5: a formula-like value was exported with a leading apostrophe, which in XLSX is a
// real character (re-importing an export changed the value). XLSX now holds it unchanged as a text
// cell (never a formula); CSV keeps the apostrophe, which spreadsheets read as "text".

const FORMULAS = { surnameLatin: '=HYPERLINK("http://evil.test")', givenNameLatin: '@SUM(A1:A9)' };

beforeAll(async () => {
  await seedVillages();
  const operatorId = (await makeOperator()).id;
  await makeMembers(operatorId, (await makeHousehold(operatorId)).id, [
    { surnameKm: 'សុខ', givenNameKm: 'ដារា', ...FORMULAS },
  ]);
  await signInAs((await makeUser({ operatorId, roles: ['operator_admin'] })).id);
});

async function exported(format: 'csv' | 'xlsx') {
  const res = await exportRoute(new NextRequest(`http://localhost/api/v1/export?format=${format}`));
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('a formula-like value in an export', () => {
  it('is a text cell holding the value unchanged in XLSX (read back)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exported('xlsx')) as unknown as ExcelJS.Buffer);
    const cells: ExcelJS.Cell[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    for (const value of Object.values(FORMULAS)) {
      const cell = cells.find((c) => c.value === value);
      expect(cell, `a cell holding ${value}`).toBeDefined();
      expect(cell!.type).toBe(ExcelJS.ValueType.String);
      expect(cells.some((c) => c.value === `'${value}`)).toBe(false);
    }
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
  });

  it('keeps its leading apostrophe in CSV', async () => {
    const text = (await exported('csv')).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(text).toContain("'@SUM(A1:A9)");
  });
});
