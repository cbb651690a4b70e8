import { and, asc, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportRoute } from '@/app/api/v1/export/route';
import { db } from '@/db/client';
import { auditLog, members } from '@/db/schema';
import { EXPORT_HEADER } from '@/lib/exports/export';
import { makeOperator, makeUser, signInAs } from '../helpers/fixtures';
import { ensureUnits, VILLAGE_ELSEWHERE } from '../helpers/households';
import { csvOf, household, importFile } from '../helpers/imports';

let operatorId: string;
let viewerId: string;
let officerId: string;

async function exportAs(userId: string, query: string) {
  await signInAs(userId);
  const res = await exportRoute(new NextRequest(`http://localhost/api/v1/export?${query}`));
  return res;
}

async function csvRows(res: Response): Promise<string[][]> {
  const bytes = Buffer.from(await res.arrayBuffer());
  // The byte-order mark that makes Excel read UTF-8 (Response.text() would hide it).
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8')) as string[][];
}

/**
 * The caller's export audit rows, start then finish of each export in the order they started, once
 * every export has finished (its finish row is written when its stream ends, possibly after the next
 * export's start row: rows are paired by the export's id, not by position).
 */
async function exportAudits(actorId: string) {
  for (let i = 0; i < 100; i++) {
    const rows = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, actorId), eq(auditLog.entityType, 'export')))
      .orderBy(asc(auditLog.id));
    const starts = rows.filter((r) => r.action === 'export.start');
    const finishOf = new Map(rows.filter((r) => r.action === 'export.finish').map((r) => [r.entityId, r]));
    if (starts.length > 0 && starts.every((s) => finishOf.has(s.entityId)))
      return starts.flatMap((s) => [s, finishOf.get(s.entityId)!]);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no finished export audit');
}

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
  officerId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
  viewerId = (await makeUser({ operatorId, roles: ['viewer'] })).id;
  await signInAs(officerId);
  const rows = [...household('K1'), ...household('K2'), ...household('P1', VILLAGE_ELSEWHERE)];
  expect((await importFile(csvOf(rows))).createdMembers).toBe(9);
});

describe('exporting the members of a search', () => {
  it('streams CSV with the template columns, one row per member, and audits start and finish with filters and count', async () => {
    const res = await exportAs(viewerId, 'format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="sdp-members-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const rows = await csvRows(res);
    expect(rows[0]).toEqual(EXPORT_HEADER);
    expect(rows).toHaveLength(10);
    const head = rows.find((r) => r[14] === 'head' && r[1] === VILLAGE_ELSEWHERE)!;
    expect(head.slice(0, 6)).toEqual([
      expect.stringMatching(/^[A-Z0-9]+-\d{6}$/),
      '12010101',
      'ផ្ទះលេខ ១២',
      '01020101-0042',
      '1',
      '+85512345678',
    ]);
    expect(head.at(-3)).toBe('ភូមិ ១ (Phum 1)');
    const [start, finish] = await exportAudits(viewerId);
    expect(start).toMatchObject({ action: 'export.start', operatorId, after: { format: 'csv', filters: {} } });
    expect(finish).toMatchObject({
      action: 'export.finish',
      entityId: start!.entityId,
      after: { format: 'csv', rows: 9, completed: true },
    });
  });

  it('holds exactly what the member search finds with the same filters (place, sex, age, disability, name, number)', async () => {
    const count_ = async (query: string) => (await csvRows(await exportAs(viewerId, query))).length - 1;
    expect(await count_('province=12')).toBe(3);
    expect(await count_('district=0102&commune=010201')).toBe(6);
    expect(await count_('village=01020101&sex=F')).toBe(2);
    expect(await count_('disability=true')).toBe(3);
    expect(await count_('disability=false&status=active')).toBe(6);
    expect(await count_('status=deceased')).toBe(0);
    // The children were born in 2015: under 18.
    expect(await count_('ageMax=17')).toBe(3);
    const [someone] = await db().select().from(members).where(eq(members.operatorId, operatorId)).limit(1);
    expect(await count_(`q=${encodeURIComponent(someone!.surnameKm.slice(0, 4))}`)).toBeGreaterThanOrEqual(1);
    const [head] = await db()
      .select()
      .from(members)
      .where(and(eq(members.operatorId, operatorId), eq(members.relationship, 'head')))
      .limit(1);
    expect(await count_(`q=${head!.khmerId}`)).toBe(1);
    expect(await count_(`q=${encodeURIComponent(head!.surnameLatin!)}`)).toBe(1);
    const audits = await exportAudits(viewerId);
    expect(audits.at(-2)!.after).toMatchObject({ filters: { q: head!.surnameLatin } });
    expect(audits.at(-1)!.after).toMatchObject({ rows: 1, completed: true });
    // Paging parameters of the search page are ignored: the export is every page.
    expect(await count_('limit=1&cursor=x')).toBe(9);
  });

  it('streams XLSX', async () => {
    const res = await exportAs(officerId, 'format=xlsx&province=01');
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(7);
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(EXPORT_HEADER);
    const [, finish] = (await exportAudits(officerId)).slice(-2);
    expect(finish!.after).toMatchObject({ format: 'xlsx', rows: 6, completed: true, filters: { province: '01' } });
  });

  it('can be imported back (by another operator)', async () => {
    const text = await (await exportAs(viewerId, 'format=csv')).text();
    const other = await makeOperator();
    await signInAs((await makeUser({ operatorId: other.id, roles: ['operator_admin'] })).id);
    const job = await importFile(text, 'export.csv');
    expect(job).toMatchObject({ status: 'done', createdHouseholds: 3, createdMembers: 9, invalidRows: 0 });
  });

  it('is refused to roles without the export area, and to bad filters, without an audit row', async () => {
    const payer = await makeUser({ operatorId, roles: ['payment_officer'] });
    expect((await exportAs(payer.id, 'format=csv')).status).toBe(403);
    const bad = await exportAs(viewerId, 'format=pdf');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID', fields: { format: expect.any(Array) } } });
    expect((await exportAs(viewerId, 'province=1')).status).toBe(400);
    expect((await exportAs(viewerId, `q=${encodeURIComponent("'; drop table members;--")}`)).status).toBe(400);
    expect((await exportAs(viewerId, 'province=12&district=0102')).status).toBe(400);
    const [n] = await db()
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, payer.id), eq(auditLog.entityType, 'export')));
    expect(n!.n).toBe(0);
    // Another operator's viewer gets only their own (none).
    const otherViewer = await makeUser({ operatorId: (await makeOperator()).id, roles: ['viewer'] });
    expect(await csvRows(await exportAs(otherViewer.id, 'format=csv'))).toHaveLength(1);
  });
});
