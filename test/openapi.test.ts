import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportGET } from '@/app/api/v1/export/route';
import { GET as unitsGET } from '@/app/api/v1/gazetteer/units/route';
import { GET as villagesGET } from '@/app/api/v1/gazetteer/villages/route';
import { GET as householdGET } from '@/app/api/v1/households/[id]/route';
import { GET as importReportGET } from '@/app/api/v1/imports/[id]/report/route';
import { GET as importGET } from '@/app/api/v1/imports/[id]/route';
import { GET as importsGET } from '@/app/api/v1/imports/route';
import { GET as templateGET } from '@/app/api/v1/imports/template/route';
import { GET as memberGET } from '@/app/api/v1/members/[id]/route';
import { GET as openApiGET } from '@/app/api/v1/openapi.json/route';
import { GET as searchGET } from '@/app/api/v1/search/route';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree, member } from './helpers/households';
import { csvOf, household, importFile, upload } from './helpers/imports';
import { apiRoutes } from '@/lib/api/routes';
import { unitsQuerySchema, villagesQuerySchema } from '@/lib/gazetteer/schemas';
import { uploadQuerySchema } from '@/lib/imports/jobs';
import { importsSettled } from '@/lib/imports/run';
import { searchParamsSchema } from '@/lib/search/schema';
import { enrolAs } from './helpers/records';
import { requestHeaders } from './helpers/request';

// GET /api/v1/openapi.json against the code: every route handler under app/api/v1 is described (and
// nothing else), and real answers of the handlers — successes and refusals — match the schemas the
// document gives for their status.

type Json = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const root = path.resolve(import.meta.dirname, '..');
const API_DIR = path.join(root, 'app', 'api', 'v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** `app/api/v1/imports/[id]/route.ts` → `/api/v1/imports/{id}`, with the methods it exports. */
function routesOnDisk(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'route.ts') {
        const url = `/${path.relative(path.join(root, 'app'), dir).split(path.sep).join('/')}`.replace(
          /\[(\w+)\]/g,
          '{$1}',
        );
        const src = readFileSync(p, 'utf8');
        const methods = METHODS.filter((m) =>
          new RegExp(`export\\s+(async\\s+function|function|const)\\s+${m}\\b`).test(src),
        );
        out.set(
          url,
          methods.map((m) => m.toLowerCase()),
        );
      }
    }
  };
  walk(API_DIR);
  return out;
}

let doc: Document;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();

/** The document as JSON Schema 2020-12: component schemas as $defs, so a response schema compiles alone. */
function compile(schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) {
    const defs = JSON.parse(
      JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'),
    ) as Json;
    const own = JSON.parse(key.replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;
    v = ajv.compile({ ...own, $defs: defs });
    validators.set(key, v);
  }
  return v;
}

/**
 * The answer's status must be documented for the operation, with the answer's content type; a JSON
 * body must match the schema given there. Returns the parsed body (or the text of a file).
 */
async function conforms(res: Response, pathKey: string, method = 'get'): Promise<unknown> {
  const op = doc.paths[pathKey]?.[method];
  expect(op, `${method} ${pathKey} documented`).toBeDefined();
  const documented = op!.responses[String(res.status)];
  expect(documented, `${method.toUpperCase()} ${pathKey} → ${res.status} documented`).toBeDefined();
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const types = Object.keys(documented!.content ?? {}).map((t) => t.split(';')[0]!.trim());
  expect(types, `${method.toUpperCase()} ${pathKey} → ${res.status}: content type ${type}`).toContain(type);
  if (type !== 'application/json') return res.text();
  const body = (await res.json()) as unknown;
  const validate = compile(documented!.content!['application/json']!.schema);
  expect(
    validate(body) ? [] : validate.errors,
    `${method.toUpperCase()} ${pathKey} → ${res.status}: ${JSON.stringify(body).slice(0, 300)}`,
  ).toEqual([]);
  return body;
}

const request = (url: string, init?: ConstructorParameters<typeof NextRequest>[1]) =>
  new NextRequest(`http://localhost${url}`, init);
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

let officer: string;
/** A grievance officer: reads households and members, neither enrols nor exports. */
let viewer: string;
let platformAdmin: string;
let mustChange: string;
let enrolled: Awaited<ReturnType<typeof enrolAs>>;
let importJobId: string;
let importedMemberId: string;

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
  viewer = (await makeUser({ operatorId: op.id, roles: ['grievance_officer'] })).id;
  platformAdmin = (await makeUser({ isPlatformAdmin: true })).id;
  mustChange = (await makeUser({ operatorId: op.id, roles: ['operator_admin'], mustChangePassword: true })).id;
  // An enrolled household of three (a Khmer ID, an estimated birth year, a disability answered)…
  const input = householdOfThree();
  input.members.push(
    member({
      surnameKm: 'សុខ',
      givenNameKm: 'ស្រីនាង',
      surnameLatin: '',
      givenNameLatin: '',
      sex: 'F',
      birthDate: '2019-01-02',
      relationship: 'child',
      maritalStatus: '',
      disability: { ...input.members[0]!.disability, seeing: 'cannot' },
    }),
  );
  enrolled = await enrolAs(officer, input);
  // …and an imported one, with a bad row (a report) and members who answered only some disability questions.
  await signInAs(officer);
  const rows = [...household('H1'), ...household('H2')];
  rows[4]!.birth_date = '2023-02-30';
  const job = await importFile(csvOf(rows), 'two-households.csv');
  importJobId = job.id;
  expect(job.status).toBe('done');
  // The imported households share the enrolled one's IDPoor number.
  const byIdpoor = (await (await searchGET(request('/api/v1/search?q=01020101-0042&limit=100'))).json()) as {
    items: { memberId: string; householdId: string }[];
  };
  importedMemberId = byIdpoor.items.find((m) => m.householdId !== enrolled.householdId)!.memberId;
  doc = JSON.parse(await (await openApiGET(request('/api/v1/openapi.json'))).text()) as Document;
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
  ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
});

describe('the OpenAPI document', () => {
  it('lists every route handler under app/api/v1 with the methods it exports, and nothing else', () => {
    const onDisk = routesOnDisk();
    expect(onDisk.size).toBeGreaterThanOrEqual(12);
    for (const [url, methods] of onDisk) {
      expect(doc.paths[url], `${url} (app${url}/route.ts) is missing from lib/api/routes.ts`).toBeDefined();
      expect(Object.keys(doc.paths[url]!).sort(), `${url}: documented methods`).toEqual([...methods].sort());
    }
    expect(
      Object.keys(doc.paths).filter((p) => !onDisk.has(p)),
      'documented paths without a route handler',
    ).toEqual([]);
  });

  it('runs every route handler under app/api/v1 as one apiRoute() call with the description of its own path and method', () => {
    for (const [url, methods] of routesOnDisk()) {
      const src = readFileSync(path.join(root, 'app', `${url.replace(/\{(\w+)\}/g, '[$1]')}/route.ts`), 'utf8');
      for (const method of methods) {
        const key = new RegExp(`export const ${method.toUpperCase()} = apiRoute\\(apiRoutes\\.(\\w+),`).exec(src)?.[1];
        expect(
          key,
          `${method.toUpperCase()} ${url}: export const ${method.toUpperCase()} = apiRoute(apiRoutes.…, …)`,
        ).toBeDefined();
        expect(apiRoutes[key as keyof typeof apiRoutes], `apiRoutes.${key}`).toMatchObject({ path: url, method });
      }
    }
  });

  it('declares each path parameter of a route, and every parameter once', () => {
    for (const [url, ops] of Object.entries(doc.paths)) {
      const inPath = [...url.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const params = op.parameters ?? [];
        expect(
          params.filter((p) => p.in === 'path').map((p) => p.name),
          `${method} ${url}`,
        ).toEqual(inPath);
        expect(new Set(params.map((p) => `${p.in}:${p.name}`)).size, `${method} ${url}: a parameter twice`).toBe(
          params.length,
        );
      }
    }
  });

  it('documents the query parameters each handler validates, by the same names', () => {
    const names = (pathKey: string, method = 'get') =>
      (doc.paths[pathKey]![method]!.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
    const search = Object.keys(searchParamsSchema.shape).sort();
    expect(names('/api/v1/search')).toEqual(search);
    expect(names('/api/v1/export')).toEqual(
      ['format', ...search.filter((k) => k !== 'cursor' && k !== 'limit')].sort(),
    );
    expect(names('/api/v1/gazetteer/units')).toEqual(Object.keys(unitsQuerySchema.shape).sort());
    expect(names('/api/v1/gazetteer/villages')).toEqual(Object.keys(villagesQuerySchema.shape).sort());
    expect(names('/api/v1/imports/upload', 'post')).toEqual(Object.keys(uploadQuerySchema.shape).sort());
  });

  it('has schemas that compile as JSON Schema 2020-12 (strict), and every $ref resolves', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const name of Object.keys(doc.components.schemas))
      expect(() => compile({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g))
      expect(Object.keys(doc.components.schemas)).toContain(name);
  });
});

describe('real answers match the document', () => {
  it('GET /api/v1/search: pages of hits, in Khmer and Latin, and its refusals', async () => {
    await signInAs(viewer);
    const first = (await conforms(await searchGET(request('/api/v1/search?q=dara&limit=1')), '/api/v1/search')) as {
      items: unknown[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    await conforms(
      await searchGET(request(`/api/v1/search?q=dara&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)),
      '/api/v1/search',
    );
    const byName = (await conforms(
      await searchGET(request(`/api/v1/search?q=${encodeURIComponent('ស្រីនាង')}`)),
      '/api/v1/search',
    )) as { items: { surnameLatin: unknown }[] };
    expect(byName.items.map((m) => m.surnameLatin)).toContain(null);
    const byId = (await conforms(
      await searchGET(request(`/api/v1/search?q=${enrolled.head.khmerId}`)),
      '/api/v1/search',
    )) as { items: { khmerIdMasked: string }[] };
    expect(byId.items[0]!.khmerIdMasked).toMatch(/^\*{6}\d{3}$/);
    const filtered = (await conforms(
      await searchGET(
        request('/api/v1/search?province=01&sex=F&ageMin=0&ageMax=130&disability=true&status=active&limit=100'),
      ),
      '/api/v1/search',
    )) as { items: unknown[] };
    expect(filtered.items.length).toBeGreaterThan(0);
    await conforms(await searchGET(request('/api/v1/search?q=nobody-here-at-all')), '/api/v1/search');
    await conforms(await searchGET(request('/api/v1/search?sex=X&ageMin=-1')), '/api/v1/search');

    await signInAs(null);
    expect((await searchGET(request('/api/v1/search?q=sok'))).status).toBe(401);
    await conforms(await searchGET(request('/api/v1/search?q=sok')), '/api/v1/search');
    await signInAs(platformAdmin);
    await conforms(await searchGET(request('/api/v1/search?q=sok')), '/api/v1/search');
    await signInAs(mustChange);
    const due = await searchGET(request('/api/v1/search?q=sok'));
    expect(due.status).toBe(403);
    expect(await conforms(due, '/api/v1/search')).toEqual({
      error: { code: 'PASSWORD_CHANGE_REQUIRED', message: expect.any(String) },
    });
  });

  it('GET /api/v1/households/{id} and /api/v1/members/{id}: enrolled and imported records, and refusals', async () => {
    await signInAs(viewer);
    const h = (await conforms(
      await householdGET(request(`/api/v1/households/${enrolled.householdId}`), withId(enrolled.householdId)),
      '/api/v1/households/{id}',
    )) as { members: unknown[] };
    expect(h.members).toHaveLength(4);
    for (const m of enrolled.members)
      await conforms(await memberGET(request(`/api/v1/members/${m.id}`), withId(m.id)), '/api/v1/members/{id}');
    const imported = (await conforms(
      await memberGET(request(`/api/v1/members/${importedMemberId}`), withId(importedMemberId)),
      '/api/v1/members/{id}',
    )) as { household: { id: string } };
    await conforms(
      await householdGET(request(`/api/v1/households/${imported.household.id}`), withId(imported.household.id)),
      '/api/v1/households/{id}',
    );

    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      await conforms(await householdGET(request(`/api/v1/households/${id}`), withId(id)), '/api/v1/households/{id}');
      const missing = await memberGET(request(`/api/v1/members/${id}`), withId(id));
      expect(missing.status).toBe(404);
      await conforms(missing, '/api/v1/members/{id}');
    }
    await signInAs(null);
    await conforms(
      await householdGET(request(`/api/v1/households/${enrolled.householdId}`), withId(enrolled.householdId)),
      '/api/v1/households/{id}',
    );
    await signInAs(platformAdmin);
    await conforms(
      await memberGET(request(`/api/v1/members/${enrolled.head.id}`), withId(enrolled.head.id)),
      '/api/v1/members/{id}',
    );
  });

  it('GET /api/v1/gazetteer/units and /villages: lists, and bad or missing parameters', async () => {
    await signInAs(platformAdmin);
    for (const q of [
      '',
      '?parent=',
      '?parent=01',
      '?parent=0102',
      '?parent=010201',
      '?parent=99',
      '?parent=1',
      '?parent=01020101',
    ]) {
      await conforms(await unitsGET(request(`/api/v1/gazetteer/units${q}`)), '/api/v1/gazetteer/units');
    }
    const found = (await conforms(
      await villagesGET(request(`/api/v1/gazetteer/villages?q=${encodeURIComponent('អូរ')}&limit=5`)),
      '/api/v1/gazetteer/villages',
    )) as { villages: unknown[] };
    expect(found.villages.length).toBeGreaterThan(0);
    for (const q of ['?q=phum', '', '?q=%20', '?q=ou&limit=0', `?q=${'x'.repeat(101)}`]) {
      await conforms(await villagesGET(request(`/api/v1/gazetteer/villages${q}`)), '/api/v1/gazetteer/villages');
    }
    await signInAs(null);
    await conforms(await unitsGET(request('/api/v1/gazetteer/units')), '/api/v1/gazetteer/units');
    await signInAs(mustChange);
    await conforms(await villagesGET(request('/api/v1/gazetteer/villages?q=ou')), '/api/v1/gazetteer/villages');
  });

  it('the import routes: upload, jobs, report, template, and refusals', async () => {
    await signInAs(officer);
    requestHeaders.set('host', 'localhost');
    await conforms(await importsGET(request('/api/v1/imports')), '/api/v1/imports');
    const job = (await conforms(
      await importGET(request(`/api/v1/imports/${importJobId}`), withId(importJobId)),
      '/api/v1/imports/{id}',
    )) as { hasReport: boolean };
    expect(job.hasReport).toBe(true);
    const report = await importReportGET(request(`/api/v1/imports/${importJobId}/report`), withId(importJobId));
    expect(await conforms(report, '/api/v1/imports/{id}/report')).toContain('2023-02-30');
    await conforms(
      await importReportGET(request('/api/v1/imports/x/report'), withId('00000000-0000-4000-8000-000000000000')),
      '/api/v1/imports/{id}/report',
    );
    for (const id of ['not-a-uuid', "1' or '1'='1", '']) {
      const malformed = await importGET(request('/api/v1/imports/x'), withId(id));
      expect(malformed.status, `imports/${id}`).toBe(404);
      await conforms(malformed, '/api/v1/imports/{id}');
      expect(
        (await importReportGET(request('/api/v1/imports/x/report'), withId(id))).status,
        `imports/${id}/report`,
      ).toBe(404);
    }
    await conforms(await templateGET(request('/api/v1/imports/template')), '/api/v1/imports/template');
    await conforms(await templateGET(request('/api/v1/imports/template?format=xlsx')), '/api/v1/imports/template');

    // Uploads: a refused (empty) file is still a job; a bad option is 400; a foreign page is 403.
    const { POST: uploadPOST } = await import('@/app/api/v1/imports/upload/route');
    const post = (query: string, body: BodyInit | null, origin?: string) =>
      uploadPOST(
        request(`/api/v1/imports/upload?${query}`, {
          method: 'POST',
          body,
          headers: origin ? { origin } : {},
          duplex: 'half',
        } as ConstructorParameters<typeof NextRequest>[1]),
      );
    const refused = (await conforms(await post('name=empty.csv', ''), '/api/v1/imports/upload', 'post')) as {
      status: string;
    };
    expect(refused.status).toBe('refused');
    const badOption = await post('name=x.csv&confirmSimilar=yes', csvOf(household('H3')));
    expect(badOption.status).toBe(400);
    await conforms(badOption, '/api/v1/imports/upload', 'post');
    // A page of another site posting with the user's cookie (CSRF) is refused before anything is read.
    const foreign = await post('name=x.csv', csvOf(household('H4')), 'https://elsewhere.example');
    expect(foreign.status).toBe(403);
    await conforms(foreign, '/api/v1/imports/upload', 'post');
    const ownPage = await uploadPOST(
      request('/api/v1/imports/upload?name=own.csv', {
        method: 'POST',
        body: csvOf(household('H6')),
        headers: { origin: 'http://localhost', host: 'localhost' },
        duplex: 'half',
      } as ConstructorParameters<typeof NextRequest>[1]),
    );
    expect(ownPage.status).toBe(201);
    expect((await upload(csvOf(household('H5')), 'ok.csv')).status).toBe(201);
    await importsSettled();

    await signInAs(viewer);
    await conforms(await importsGET(request('/api/v1/imports')), '/api/v1/imports');
    await signInAs(null);
    await conforms(await templateGET(request('/api/v1/imports/template')), '/api/v1/imports/template');
  });

  it('GET /api/v1/export: files, bad parameters (400) and refusals', async () => {
    await signInAs(officer);
    const csv = await exportGET(request('/api/v1/export?q=sok'));
    expect(csv.status).toBe(200);
    await conforms(csv, '/api/v1/export');
    await conforms(await exportGET(request('/api/v1/export?format=xlsx&province=01')), '/api/v1/export');
    const bad = await exportGET(request('/api/v1/export?format=pdf&sex=X'));
    expect(bad.status).toBe(400);
    await conforms(bad, '/api/v1/export');
    await signInAs(viewer); // a grievance officer may search, not export
    const refused = await exportGET(request('/api/v1/export'));
    expect(refused.status).toBe(403);
    await conforms(refused, '/api/v1/export');
  });

  it('GET /api/v1/openapi.json itself', async () => {
    await signInAs(viewer);
    await conforms(await openApiGET(request('/api/v1/openapi.json')), '/api/v1/openapi.json');
    await signInAs(null);
    await conforms(await openApiGET(request('/api/v1/openapi.json')), '/api/v1/openapi.json');
  });
});
