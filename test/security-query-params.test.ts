import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as grievancesApi } from '@/app/api/v1/grievances/route';
import { GET as linesApi } from '@/app/api/v1/payment-lists/[id]/lines/route';
import { auditFilterSchema, listAudit } from '@/lib/audit/query';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { rules as paymentRules } from './access-rules/payments';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievance-rows';

// Crashes the hostile-input corpus (security-hostile-input.test.ts) found in query-string filters,
// each now a 400 naming the parameter: a NUL in the grievance reference search, a day JavaScript
// parses and PostgreSQL does not (year 0), a line number past the integer column's range.

let operatorId: string;
beforeAll(async () => {
  operatorId = (await makeOperator()).id;
  await insertGrievance(operatorId);
  await signInAs((await makeUser({ operatorId, roles: ['operator_admin'] })).id);
});

async function fieldsOf(res: Response): Promise<string[]> {
  expect(res.status).toBe(400);
  return Object.keys(((await res.json()) as { error: { fields: object } }).error.fields);
}

describe('grievance queue filters', () => {
  it.each([
    ['q', 'OP\u0000G'],
    ['from', '0000-01-01'],
    ['to', '0001-12-31'],
  ])('%s=%j is a 400 naming it', async (name, value) => {
    const res = await grievancesApi(
      new NextRequest(`http://localhost/api/v1/grievances?${new URLSearchParams({ [name]: value })}`),
    );
    expect(await fieldsOf(res)).toEqual([name]);
  });
});

describe("a payment list's lines", () => {
  it('after past the line numbers’ range is a 400 naming it', async () => {
    const { url, params } = await paymentRules['app/api/v1/payment-lists/[id]/lines/route.ts#GET']!.request!({
      operatorId,
    });
    const ok = await linesApi(new NextRequest(`${url}?after=5`), { params: Promise.resolve(params!) });
    expect(ok.status).toBe(200);
    const res = await linesApi(new NextRequest(`${url}?after=2147483648`), { params: Promise.resolve(params!) });
    expect(await fieldsOf(res)).toEqual(['after']);
  });
});

describe("the audit page's filters", () => {
  it('ignore a day PostgreSQL cannot read (year 0) rather than failing', async () => {
    const actor = (await requireRole('audit')) as OperatorUser;
    for (const day of ['0000-01-01', '0001-01-01']) {
      const filter = auditFilterSchema.parse({ from: day, to: day });
      await expect(listAudit(actor, filter)).resolves.toMatchObject({ rows: expect.any(Array) });
      expect(filter).toEqual({});
    }
  });
});
