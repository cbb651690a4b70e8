import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as openApi } from '@/app/api/v1/openapi.json/route';
import { GET as search } from '@/app/api/v1/search/route';
import { db } from '@/db/client';
import { members } from '@/db/schema';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { makeHousehold, makeMembers, seedVillages } from './helpers/search-data';

// GET /api/v1/search and /api/v1/openapi.json as a client sees them.

let userA: string;
let userB: string;
let darA: string;

async function get(query: string | URLSearchParams) {
  const res = await search(new NextRequest(`http://localhost/api/v1/search?${query.toString()}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
const q = (params: Record<string, string>) => new URLSearchParams(params);

beforeAll(async () => {
  await seedVillages();
  const opA = (await makeOperator()).id;
  const opB = (await makeOperator()).id;
  const [a] = await makeMembers(opA, (await makeHousehold(opA, { code: 'PWDF-000001' })).id, [
    { surnameKm: 'សុខ', givenNameKm: 'ដារា', surnameLatin: 'Sok', givenNameLatin: 'Dara', khmerId: '111222333' },
  ]);
  await makeMembers(opB, (await makeHousehold(opB, { code: 'PWDF-000001' })).id, [
    { surnameKm: 'សុខ', givenNameKm: 'ដារា', surnameLatin: 'Sok', givenNameLatin: 'Dara', khmerId: '111222333' },
  ]);
  await makeMembers(opA, (await makeHousehold(opA)).id, [
    { surnameKm: 'សុខ', givenNameKm: 'វណ្ណា', surnameLatin: 'Sok', givenNameLatin: 'Vanna' },
    { surnameKm: 'សុខ', givenNameKm: 'បូរ៉ា', surnameLatin: 'Sok', givenNameLatin: 'Bora' },
  ]);
  darA = a!.id;
  userA = (await makeUser({ operatorId: opA, roles: ['grievance_officer'] })).id;
  userB = (await makeUser({ operatorId: opB, roles: ['payment_officer'] })).id;
});

describe('GET /api/v1/search', () => {
  it("answers the caller's operator's members, in the documented shape, not to be cached", async () => {
    await signInAs(userA);
    for (const query of ['ដារា', 'dara sok', '111222333', 'pwdf-000001']) {
      const { status, body, headers } = await get(q({ q: query }));
      expect(status, query).toBe(200);
      expect(headers.get('cache-control')).toBe('no-store');
      expect(body).toMatchObject({
        nextCursor: null,
        items: [{ memberId: darA, khmerIdMasked: '******333', spid: null }],
      });
      expect(Object.keys(body).sort()).toEqual(['items', 'matchedAs', 'nextCursor', 'sort']);
    }
  });

  it("never finds another operator's member, even by the same name, ID or code", async () => {
    await signInAs(userB);
    for (const query of ['ដារា', '111222333', 'PWDF-000001']) {
      const { body } = await get(q({ q: query }));
      expect((body.items as { memberId: string }[]).map((m) => m.memberId)).not.toContain(darA);
    }
  });

  it('pages with the cursor it hands out', async () => {
    await signInAs(userA);
    const seen: string[] = [];
    let cursor = '';
    do {
      const { status, body } = await get(q({ q: 'sok', limit: '1', ...(cursor ? { cursor } : {}) }));
      expect(status).toBe(200);
      seen.push(...(body.items as { surnameLatin: string; givenNameLatin: string }[]).map((m) => m.givenNameLatin));
      cursor = (body.nextCursor as string | null) ?? '';
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['Bora', 'Dara', 'Vanna']);
  });

  it('answers 400 with the fields in error for bad parameters, never 500', async () => {
    await signInAs(userA);
    const cases: [URLSearchParams | string, string][] = [
      [q({ q: 'ក'.repeat(5000) }), 'q'],
      [q({ q: 'Sok\u0000Dara' }), 'q'],
      [q({ q: 'Sok\nDara' }), 'q'],
      ['q=%ED%A0%80', 'q'], // a lone surrogate, UTF-8 encoded: decodes to U+FFFD
      [q({ q: "Sok'; DROP TABLE members; --" }), 'q'],
      [q({ q: 'x', province: "01' OR '1'='1" }), 'province'],
      [q({ ageMin: '60', ageMax: '18' }), 'ageMax'],
      [q({ ageMin: '1e400' }), 'ageMin'],
      [q({ sex: 'male' }), 'sex'],
      [q({ limit: '-1' }), 'limit'],
      [q({ cursor: 'eyJvIjoia20ifQ' }), 'cursor'],
      [q({ disability: 'maybe' }), 'disability'],
      [q({ province: '01', village: '02030102' }), 'village'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(query);
      expect(status, `${query.toString().slice(0, 60)}`).toBe(400);
      expect(body.error).toMatchObject({ code: 'INVALID', message: expect.any(String) });
      expect(Object.keys((body.error as { fields: object }).fields), `${query.toString().slice(0, 60)}`).toContain(
        field,
      );
    }
    // Nothing was harmed by the SQL in the text.
    expect((await db().select({ id: members.id }).from(members)).length).toBeGreaterThan(0);
  });

  it('refuses a signed-out caller (401) and a platform administrator (403)', async () => {
    await signInAs(null);
    expect((await get(q({ q: 'sok' }))).status).toBe(401);
    await signInAs((await makeUser({ isPlatformAdmin: true })).id);
    const refused = await get(q({ q: "'; drop" }));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('describes the search and the other paths in OpenAPI 3.1, to signed-in users (test/openapi.test.ts checks it against the handlers)', async () => {
    await signInAs(null);
    expect((await openApi(new NextRequest('http://localhost/api/v1/openapi.json'))).status).toBe(401);
    await signInAs(userA);
    const res = await openApi(new NextRequest('http://localhost/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text()) as {
      openapi: string;
      paths: Record<string, { get: { parameters?: { name: string }[] } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/search',
        '/api/v1/households/{id}',
        '/api/v1/members/{id}',
        '/api/v1/gazetteer/units',
        '/api/v1/gazetteer/villages',
      ]),
    );
    expect(doc.paths['/api/v1/search']!.get.parameters!.map((p) => p.name)).toEqual([
      'q',
      'province',
      'district',
      'commune',
      'village',
      'sex',
      'ageMin',
      'ageMax',
      'disability',
      'status',
      'cursor',
      'limit',
    ]);
    // Every $ref points at a schema the document has.
    const text = JSON.stringify(doc);
    const schemas = Object.keys((doc as unknown as { components: { schemas: object } }).components.schemas);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) expect(schemas).toContain(name);
  });
});
