import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as grievancesApi } from '@/app/api/v1/grievances/route';
import { GET as search } from '@/app/api/v1/search/route';
import { SORTS } from '@/lib/search/cursor';
import { initialSearch } from '@/lib/search/page';
import { grievanceFiltersSchema } from '@/lib/grievances/filters';
import type { OperatorUser } from '@/lib/auth/guards';
import { requireRole } from '@/lib/auth/guards';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievance-rows';
import { makeHousehold, makeMembers, seedVillages } from './helpers/search-data';

// Issue 12, point 4: a paging cursor comes back from the client, who may forge it. A forged one —
// well-formed base64url around JSON of the wrong shape, or a NUL in the sort key — is a 400 naming
// the parameter (it was a 500, and the failed query's parameters went to the log), and on the
// Households page the field's message, not the error page.

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';
const forgedSearchCursors = [
  ...SORTS.flatMap((o) => ['a\u0000b', '\u0001', 'x\u007f'].map((k) => b64(JSON.stringify({ o, k, i: UUID })))),
  b64(JSON.stringify({ o: 'km', k: '\uD800', i: UUID })),
  b64(JSON.stringify({ o: 'latin', k: 'sok', i: UUID, extra: 1 })),
  b64(JSON.stringify({ o: 'latin', k: 'sok', i: 'not-a-uuid' })),
  b64('[{"o":"km","k":"a","i":"x"}]'),
  b64('null'),
  b64('"km"'),
  Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'),
  'A'.repeat(601),
];
const forgedGrievanceCursors = [
  b64('2026-01-01T00:00:00.000Z|------------------------------------'),
  b64(`0000-01-01T00:00:00.000Z|${UUID}`),
  b64(`+275760-09-13T00:00:00.000Z|${UUID}`),
  b64(`2026-02-30T00:00:00.000Z|${UUID}`),
  b64(`2026-01-01T00:00:00.000Z|${UUID}|x`),
  b64(`2026-01-01T00:00:00.000Z\u0000|${UUID}`),
];

let userId: string;
let operatorId: string;

beforeAll(async () => {
  await seedVillages();
  operatorId = (await makeOperator()).id;
  await makeMembers(operatorId, (await makeHousehold(operatorId)).id, [
    { surnameKm: 'សុខ', givenNameKm: 'វណ្ណា', surnameLatin: 'Sok', givenNameLatin: 'Vanna' },
    { surnameKm: 'សុខ', givenNameKm: 'បូរ៉ា', surnameLatin: 'Sok', givenNameLatin: 'Bora' },
  ]);
  await insertGrievance(operatorId);
  userId = (await makeUser({ operatorId, roles: ['operator_admin'] })).id;
});

describe('a forged search cursor', () => {
  it('is a 400 naming `cursor` on /api/v1/search, in every sort, with or without a query', async () => {
    await signInAs(userId);
    for (const cursor of forgedSearchCursors)
      for (const q of ['', 'sok', 'សុខ']) {
        const url = `http://localhost/api/v1/search?${new URLSearchParams({ q, cursor })}`;
        const res = await search(new NextRequest(url));
        const label = `${Buffer.from(cursor, 'base64url').toString('utf8').slice(0, 60)} q=${q}`;
        expect(res.status, label).toBe(400);
        const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
        expect(body.error.code).toBe('INVALID');
        expect(body.error.fields.cursor, label).toEqual(['cursorInvalid']);
      }
  });

  it("gives the Households page the cursor field's message instead of throwing", async () => {
    await signInAs(userId);
    const user = (await requireRole('households')) as OperatorUser;
    for (const cursor of forgedSearchCursors)
      for (const locale of ['km', 'en'] as const) {
        const initial = await initialSearch(user, { q: '', cursor }, locale);
        expect(initial.result).toBeNull();
        expect(initial.fieldErrors?.cursor).toEqual(['cursorInvalid']);
      }
  });

  it('still pages with the cursors the search hands out', async () => {
    await signInAs(userId);
    const first = await search(new NextRequest('http://localhost/api/v1/search?q=sok&limit=1'));
    const { nextCursor } = (await first.json()) as { nextCursor: string };
    const next = await search(
      new NextRequest(
        `http://localhost/api/v1/search?${new URLSearchParams({ q: 'sok', limit: '1', cursor: nextCursor })}`,
      ),
    );
    expect(next.status).toBe(200);
    expect(((await next.json()) as { items: unknown[] }).items).toHaveLength(1);
  });
});

describe('a forged grievance cursor', () => {
  it('is a 400 naming `cursor` on /api/v1/grievances, and the queue page parses it as invalid', async () => {
    await signInAs(userId);
    for (const cursor of forgedGrievanceCursors) {
      const res = await grievancesApi(
        new NextRequest(`http://localhost/api/v1/grievances?${new URLSearchParams({ cursor })}`),
      );
      const label = Buffer.from(cursor, 'base64url').toString('latin1');
      expect(res.status, label).toBe(400);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(body.error.fields.cursor, label).toEqual(['cursorInvalid']);
      expect(grievanceFiltersSchema.safeParse({ cursor }).success, label).toBe(false);
    }
  });

  it('still pages with the cursors the queue hands out', async () => {
    await signInAs(userId);
    await insertGrievance(operatorId);
    const first = await grievancesApi(new NextRequest('http://localhost/api/v1/grievances?limit=1'));
    const { nextCursor } = (await first.json()) as { nextCursor: string };
    expect(nextCursor).toEqual(expect.any(String));
    const next = await grievancesApi(
      new NextRequest(`http://localhost/api/v1/grievances?${new URLSearchParams({ limit: '1', cursor: nextCursor })}`),
    );
    expect(next.status).toBe(200);
  });
});
