import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as unitsGET } from '@/app/api/v1/gazetteer/units/route';
import { GET as villagesGET } from '@/app/api/v1/gazetteer/villages/route';
import { importEdition } from '@/lib/gazetteer/import';
import { describeUnit } from '@/lib/gazetteer/queries';
import { FIXTURE_DIR, readEdition } from './helpers/gazetteer';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

// The Kep extract: small, and the same on every machine.
const get = async (handler: (r: NextRequest) => Promise<Response>, query: string) => {
  const res = await handler(new NextRequest(`http://localhost/api/v1/gazetteer/x${query}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('gazetteer route handlers', () => {
  beforeAll(async () => {
    const edition = await readEdition(FIXTURE_DIR);
    await importEdition(edition, { actorId: null, source: 'kep' });
    // Village 23020302 leaves in the next edition: retired, but still described.
    await importEdition(
      { ...edition, units: edition.units.filter((u) => u.code !== '23020302') },
      { actorId: null, source: 'kep, one village less' },
    );
    const op = await makeOperator();
    await signInAs((await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id);
  });

  it('lists the provinces, then the units under a code, in code order, without retired ones', async () => {
    const provinces = await get(unitsGET, '');
    expect(provinces.status).toBe(200);
    expect(provinces.body).toEqual({
      parent: null,
      units: [
        {
          code: '23',
          level: 'province',
          nameKm: 'កែប',
          nameLatin: 'Kep',
          typeKm: 'ខេត្ត',
          typeLatin: 'Khaet',
          typeEn: 'Province',
        },
      ],
    });
    const districts = await get(unitsGET, '?parent=23');
    expect((districts.body.units as { code: string; typeEn: string }[]).map((u) => [u.code, u.typeEn])).toEqual([
      ['2301', 'District'],
      ['2302', 'Municipality'],
    ]);
    const villages = await get(unitsGET, '?parent=230203');
    expect((villages.body.units as { code: string }[]).map((u) => u.code)).toEqual(['23020301']);
    expect((await get(unitsGET, '?parent=')).body.parent).toBeNull();
    expect(await get(unitsGET, '?parent=99')).toEqual({ status: 200, body: { parent: '99', units: [] } });
  });

  it('answers a bad parent with 400 and a message, never 500', async () => {
    for (const bad of ['abc', '2', '23010101', '230', `${'1'.repeat(300)}`, '%27%3B--']) {
      const res = await get(unitsGET, `?parent=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'INVALID', message: expect.any(String), fields: { parent: ['gazetteerParentCode'] } },
      });
    }
  });

  it('finds villages by Khmer or Latin name, with their full path in both scripts', async () => {
    const latin = await get(villagesGET, '?q=krasar');
    expect(latin.status).toBe(200);
    expect(latin.body.query).toBe('krasar');
    expect(latin.body.villages).toEqual([
      {
        code: '23020301',
        village: { km: 'អូរក្រសា', latin: 'Ou Krasar' },
        commune: { km: 'អូរក្រសារ', latin: 'Ou Krasar' },
        district: { km: 'កែប', latin: 'Kep' },
        province: { km: 'កែប', latin: 'Kep' },
      },
    ]);
    // Accents and case do not matter; the Khmer search ignores spaces and zero-width characters.
    expect(((await get(villagesGET, '?q=KÂEV')).body.villages as { code: string }[]).map((v) => v.code)).toEqual([
      '23020102',
    ]);
    const khmer = await get(villagesGET, `?q=${encodeURIComponent('ចំការ\u200B')}`);
    expect((khmer.body.villages as { code: string }[]).map((v) => v.code)).toEqual(['23010305', '23010306']);
    // Exact names first, then names starting with the query.
    const kep = (await get(villagesGET, `?q=${encodeURIComponent('កែប')}`)).body.villages as { code: string }[];
    expect(kep[0]!.code).toBe('23020101');
  });

  it('offers no retired village and respects the limit', async () => {
    expect((await get(villagesGET, '?q=chambak')).body.villages).toEqual([]);
    expect((await get(villagesGET, '?q=a&limit=3')).body.villages).toHaveLength(3);
    expect((await get(villagesGET, '?q=%25')).body.villages as unknown[]).toEqual([]);
  });

  it('answers bad search parameters with 400', async () => {
    for (const bad of [
      '',
      '?q=',
      '?q=%20%20',
      '?q=ab&limit=0',
      '?q=ab&limit=51',
      '?q=ab&limit=x',
      `?q=${'a'.repeat(101)}`,
    ]) {
      const res = await get(villagesGET, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'INVALID', message: expect.any(String), fields: expect.any(Object) },
      });
    }
  });

  it('refuses a caller who is not signed in', async () => {
    await signInAs(null);
    expect((await get(unitsGET, '')).status).toBe(401);
    expect((await get(villagesGET, '?q=kep')).status).toBe(401);
  });

  it('describes a unit with every level above it, retired units included', async () => {
    expect(await describeUnit('23020302')).toEqual([
      {
        code: '23',
        level: 'province',
        nameKm: 'កែប',
        nameLatin: 'Kep',
        typeKm: 'ខេត្ត',
        typeLatin: 'Khaet',
        typeEn: 'Province',
        retired: false,
      },
      {
        code: '2302',
        level: 'district',
        nameKm: 'កែប',
        nameLatin: 'Kep',
        typeKm: 'ក្រុង',
        typeLatin: 'Krong',
        typeEn: 'Municipality',
        retired: false,
      },
      {
        code: '230203',
        level: 'commune',
        nameKm: 'អូរក្រសារ',
        nameLatin: 'Ou Krasar',
        typeKm: 'សង្កាត់',
        typeLatin: 'Sangkat',
        typeEn: 'Quarter',
        retired: false,
      },
      {
        code: '23020302',
        level: 'village',
        nameKm: 'ដំណាក់ចំបក់',
        nameLatin: 'Damnak Chambak',
        typeKm: 'ភូមិ',
        typeLatin: 'Phum',
        typeEn: 'Village',
        retired: true,
      },
    ]);
    expect((await describeUnit('2301'))!.map((u) => u.code)).toEqual(['23', '2301']);
    expect(await describeUnit('23999999')).toBeNull();
    expect(await describeUnit('not a code')).toBeNull();
  });
});
