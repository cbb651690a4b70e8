import 'server-only';
import { HOUSEHOLD_STATUSES, MARITAL_STATUSES, MEMBER_STATUSES, RELATIONSHIPS, SEXES, WG_DOMAINS, WG_LEVELS } from '@/db/schema/households';
import { sessionCookieName } from '@/lib/auth/cookies';
import { ERROR_CODES } from '@/lib/errors';
import { EXPORT_FORMATS } from '@/lib/exports/filters';
import { JOB_STATUSES } from '@/lib/imports/run';
import { SORTS } from '@/lib/search/cursor';
import type { MatchKind } from '@/lib/search/parse';
import { DEFAULT_PAGE_SIZE, MAX_AGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH } from '@/lib/search/schema';

// OpenAPI 3.1 description of /api/v1: every route under app/api/v1 (test/openapi.test.ts walks the
// folder and fails on a route left out), with the parameters its handler validates and the bodies it
// answers (the same test checks real answers against these schemas). Objects are closed
// (additionalProperties: false), so a field added to a handler's answer must be added here too.
//
// Every route answers its errors in one shape (ApiError, lib/api/respond.ts), whichever helper it uses.
//
// Careful with a one-element array of one quoted word after a key: test/i18n.test.ts reads such a
// list in lib/ as a field error and looks for a message for it. Lists here are built with `list()`.

type Schema = Record<string, unknown>;

const list = (...items: string[]) => items;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: list(type, 'null'), ...extra });
const nullableRef = (name: string): Schema => ({ oneOf: [ref(name), { type: 'null' }] });
/** A closed object: every property listed is required unless named in `optional`. */
const object = (properties: Record<string, Schema>, optional: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object', additionalProperties: false, properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)), ...extra,
});
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const file = (types: string[]) => ({ content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) });
const query = (name: string, schema: Schema, description: string, required = false) => ({ name, in: 'query', required, schema, description });
const idPath = (description: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description });

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MATCH_KINDS: MatchKind[] = ['khmerName', 'latinName', 'khmerId', 'phone', 'idpoor', 'householdCode'];
const uuid = { type: 'string', format: 'uuid' };
const dateTime = { type: 'string', format: 'date-time' };
const fieldMessages: Schema = {
  type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } },
  description: 'Per parameter, message keys (errors.<key> in messages/*/*.json)',
};

const schemas: Record<string, Schema> = {
  ApiError: object({
    error: object({
      code: { type: 'string', enum: ERROR_CODES },
      message: { type: 'string', description: 'English, for developers' },
      messageKey: { type: 'string', description: 'When it says more than the code: the message key (errors.<key> in messages/*/*.json)' },
      fields: fieldMessages,
    }, list('messageKey', 'fields')),
  }, [], { description: 'Every error of /api/v1 (lib/api/respond.ts). `fields` comes with INVALID (400).' }),

  MemberHit: object({
    memberId: uuid,
    surnameKm: { type: 'string' }, givenNameKm: { type: 'string' },
    surnameLatin: nullable('string'), givenNameLatin: nullable('string'),
    sex: { type: 'string', enum: SEXES },
    birthDate: nullable('string', { format: 'date' }), birthYear: { type: 'integer' }, birthEstimated: { type: 'boolean' },
    status: { type: 'string', enum: MEMBER_STATUSES },
    khmerIdMasked: nullable('string', { description: 'All but the last 3 digits hidden: ******789', pattern: '^\\*{6}[0-9]{3}$' }),
    spid: nullable('string', { description: 'Social Protection ID, once registered; null until then' }),
    householdId: uuid, householdCode: { type: 'string', examples: list('PWDF-000123') },
    villageCode: { type: 'string', pattern: '^[0-9]{8}$' },
    villageNameKm: nullable('string'), villageNameLatin: nullable('string'),
    communeNameKm: nullable('string'), communeNameLatin: nullable('string'),
  }),
  SearchResult: object({
    items: { type: 'array', items: ref('MemberHit') },
    nextCursor: nullable('string', { description: 'Pass as cursor for the next page; null on the last' }),
    matchedAs: { type: 'array', items: { type: 'string', enum: MATCH_KINDS }, description: 'What q was matched as; [] without q' },
    sort: { type: 'string', enum: SORTS, description: 'Khmer name order (ICU collation where the server has it) or Latin name order' },
  }),

  AddressUnit: object({
    code: { type: 'string', pattern: '^[0-9]{2}([0-9]{2}){0,3}$' }, nameKm: { type: 'string' }, nameLatin: { type: 'string' },
    retired: { type: 'boolean', description: 'Retired by a newer gazetteer edition (kept on old records)' },
  }),
  Address: object({
    villageCode: { type: 'string', pattern: '^[0-9]{8}$' },
    addressLine: nullable('string', { description: 'House number and street; always null in a member\'s household summary' }),
    province: nullableRef('AddressUnit'), district: nullableRef('AddressUnit'),
    commune: nullableRef('AddressUnit'), village: nullableRef('AddressUnit'),
  }, [], { description: 'A unit missing from the gazetteer is null' }),
  Member: object(memberProperties()),
  MemberRecord: object({
    ...memberProperties(),
    household: object({ id: uuid, code: { type: 'string' }, address: ref('Address') }),
  }),
  Household: object({
    id: uuid, code: { type: 'string', examples: list('PWDF-000123') },
    status: { type: 'string', enum: HOUSEHOLD_STATUSES },
    version: { type: 'integer', minimum: 1, description: 'Bumped by every change (optimistic concurrency)' },
    address: ref('Address'),
    idpoor: object({ number: nullable('string', { pattern: '^[0-9]{8}-[0-9]{4}$' }), level: { enum: [1, 2, null] } }),
    phone: nullable('string', { description: 'E.164, e.g. +85512345678' }),
    notes: nullable('string'),
    createdAt: dateTime, updatedAt: dateTime,
    members: { type: 'array', items: ref('Member'), description: 'The head first, then by year of birth' },
  }),

  Unit: object({
    code: { type: 'string', pattern: '^[0-9]{2}([0-9]{2}){0,3}$' },
    level: { type: 'string', enum: ['province', 'district', 'commune', 'village'] },
    nameKm: { type: 'string' }, nameLatin: { type: 'string' },
    typeKm: { type: 'string' }, typeLatin: { type: 'string' }, typeEn: { type: 'string', examples: list('Province', 'Khan', 'Village') },
  }),
  UnitList: object({
    parent: nullable('string', { description: 'The parent code asked for; null for the provinces' }),
    units: { type: 'array', items: ref('Unit'), description: 'In code order, retired units left out; [] for an unknown parent' },
  }),
  Names: object({ km: { type: 'string' }, latin: { type: 'string' } }),
  VillageMatch: object({
    code: { type: 'string', pattern: '^[0-9]{8}$' },
    village: ref('Names'), commune: ref('Names'), district: ref('Names'), province: ref('Names'),
  }),
  VillageList: object({
    query: { type: 'string', description: 'q, trimmed' },
    villages: { type: 'array', items: ref('VillageMatch'), description: 'Exact names first, then names starting with q, then shorter names' },
  }),

  ImportJob: object({
    id: uuid, fileName: { type: 'string' },
    status: { type: 'string', enum: JOB_STATUSES },
    createdAt: dateTime, finishedAt: nullable('string', { format: 'date-time' }),
    totalRows: { type: 'integer', minimum: 0 }, processedRows: { type: 'integer', minimum: 0 },
    invalidRows: { type: 'integer', minimum: 0 }, createdHouseholds: { type: 'integer', minimum: 0 },
    createdMembers: { type: 'integer', minimum: 0 }, skippedRows: { type: 'integer', minimum: 0 },
    progress: nullable('integer', { minimum: 0, maximum: 100, description: 'Over the whole job (checking is the first half); null while the file is read' }),
    refusal: nullable('string', { description: 'Why the file was refused, in the caller\'s language' }),
    hasReport: { type: 'boolean', description: 'Some rows were not imported: GET …/report lists them' },
  }),
};

function memberProperties(): Record<string, Schema> {
  return {
    id: uuid, householdId: uuid,
    surnameKm: { type: 'string' }, givenNameKm: { type: 'string' },
    surnameLatin: nullable('string'), givenNameLatin: nullable('string'),
    sex: { type: 'string', enum: SEXES },
    birthDate: nullable('string', { format: 'date', description: 'Null when only the year is known' }),
    birthYear: { type: 'integer' }, birthEstimated: { type: 'boolean' },
    relationship: { type: 'string', enum: RELATIONSHIPS, description: 'To the head of the household' },
    khmerId: nullable('string', { pattern: '^[0-9]{9}$' }),
    birthCertificateNo: nullable('string'),
    phone: nullable('string', { description: 'E.164' }),
    disability: {
      type: list('object', 'null'), additionalProperties: false,
      properties: Object.fromEntries(WG_DOMAINS.map((d) => [d, { type: 'string', enum: WG_LEVELS }])),
      description: 'Washington Group short set: the level of difficulty per domain',
    },
    hasDisability: { type: 'boolean' },
    maritalStatus: { enum: [...MARITAL_STATUSES, null] },
    status: { type: 'string', enum: MEMBER_STATUSES },
    deathDate: nullable('string', { format: 'date' }), exitDate: nullable('string', { format: 'date' }), exitReason: nullable('string'),
    version: { type: 'integer', minimum: 1 },
    createdAt: dateTime, updatedAt: dateTime,
  };
}

// The answers each route gives. 400 only where the route validates parameters; 404 only where
// it reads one record; 500 everywhere (logged on the server).
const failure = (description: string) => ({ description, ...json(ref('ApiError')) });
const refusals = () => ({
  401: failure('Not signed in (no session, or the session has ended)'),
  403: failure('Not allowed: the role does not give access, a platform administrator (no operator), or the password must be changed first (PASSWORD_CHANGE_REQUIRED)'),
  500: failure('Server error (logged)'),
});
const notFound = () => ({ 404: failure('No such record in the caller\'s operator (another operator\'s, unknown, or not a UUID)') });

const areaAndFilterParameters = [
  query('province', { type: 'string', pattern: '^[0-9]{2}$' }, 'Province code'),
  query('district', { type: 'string', pattern: '^[0-9]{4}$' }, 'District code; must start with province when both are given'),
  query('commune', { type: 'string', pattern: '^[0-9]{6}$' }, 'Commune code; must start with the coarser codes given'),
  query('village', { type: 'string', pattern: '^[0-9]{8}$' }, 'Village code; must start with the coarser codes given'),
  query('sex', { type: 'string', enum: SEXES }, 'Sex'),
  query('ageMin', { type: 'integer', minimum: 0, maximum: MAX_AGE }, 'Youngest age (from the birth date, else the birth year)'),
  query('ageMax', { type: 'integer', minimum: 0, maximum: MAX_AGE }, 'Oldest age; not below ageMin'),
  query('disability', { type: 'string', enum: list('true', 'false') }, 'With or without a disability'),
  query('status', { type: 'string', enum: MEMBER_STATUSES }, 'Member status'),
];
const qParameter = query('q', { type: 'string', maxLength: MAX_QUERY_LENGTH },
  'Khmer name or part of it (anywhere in the name), Latin name words (each the start of a name word, spelling variants joined: Sokha/Sokkha, Chenda/Chinda), Khmer ID (9 digits), phone, household code or IDPoor number; the kind is told from the shape. Letters, digits, spaces and - . , \' ( ) + / only.');
const searchParameters = [
  qParameter, ...areaAndFilterParameters,
  query('cursor', { type: 'string', maxLength: 600 }, 'nextCursor of the previous page, with the same other parameters'),
  query('limit', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }, 'Page size'),
];
const roles = (area: string, who: string) => `Roles: ${who} (policy area "${area}"). Always within the caller's operator.`;
const HOUSEHOLD_ROLES = roles('households', 'any operator role');
const ENROLMENT_ROLES = roles('enrolment', 'operator administrator, enrolment officer');

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Service Delivery Platform API', version: '1',
      description: 'Every call is scoped to the signed-in user\'s operator; another operator\'s records are never found. '
        + 'JSON answers are not to be cached (Cache-Control: no-store).',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    paths: {
      '/api/v1/search': {
        get: {
          operationId: 'searchMembers', summary: 'Search members and their households',
          description: `Keyset-paginated, in name order. ${HOUSEHOLD_ROLES}`,
          parameters: searchParameters,
          responses: {
            200: { description: 'A page of members', ...json(ref('SearchResult')) },
            400: failure('Bad parameters (code INVALID, with fields)'),
            ...refusals(),
          },
        },
      },
      '/api/v1/households/{id}': {
        get: {
          operationId: 'getHousehold', summary: 'One household with its members and address',
          description: HOUSEHOLD_ROLES,
          parameters: [idPath('The household\'s id (UUID)')],
          responses: { 200: { description: 'The household', ...json(ref('Household')) }, ...notFound(), ...refusals() },
        },
      },
      '/api/v1/members/{id}': {
        get: {
          operationId: 'getMember', summary: 'One member, with their household\'s code and address',
          description: HOUSEHOLD_ROLES,
          parameters: [idPath('The member\'s id (UUID)')],
          responses: { 200: { description: 'The member', ...json(ref('MemberRecord')) }, ...notFound(), ...refusals() },
        },
      },
      '/api/v1/gazetteer/units': {
        get: {
          operationId: 'listUnits', summary: 'The administrative units under a unit; the provinces without parent',
          description: 'Any signed-in user, platform administrators included.',
          parameters: [query('parent', { type: 'string', pattern: '^([0-9]{2}([0-9]{2}){0,2})?$' }, 'A province, district or commune code; absent or empty for the provinces')],
          responses: {
            200: { description: 'The units', ...json(ref('UnitList')) },
            400: failure('Bad parent code (with fields)'),
            ...refusals(),
          },
        },
      },
      '/api/v1/gazetteer/villages': {
        get: {
          operationId: 'findVillages', summary: 'Villages whose Khmer or Latin name contains q (type-ahead)',
          description: 'Any signed-in user, platform administrators included. Retired villages are left out.',
          parameters: [
            query('q', { type: 'string', minLength: 1, maxLength: 100 }, 'Part of a village name, in Khmer or Latin letters (trimmed; not empty)', true),
            query('limit', { type: 'integer', minimum: 1, maximum: 50, default: 20 }, 'How many villages at most'),
          ],
          responses: {
            200: { description: 'The villages found', ...json(ref('VillageList')) },
            400: failure('q missing, empty or too long, or a bad limit (with fields)'),
            ...refusals(),
          },
        },
      },
      '/api/v1/export': {
        get: {
          operationId: 'exportMembers', summary: 'Every member the search finds with these filters, as a file',
          description: `Streamed; every export is audited. Paging parameters (cursor, limit) are ignored. ${roles('export', 'operator administrator, enrolment officer, viewer')}`,
          parameters: [query('format', { type: 'string', enum: EXPORT_FORMATS, default: 'csv' }, 'File format'), qParameter, ...areaAndFilterParameters],
          responses: {
            200: { description: 'The file (Content-Disposition: attachment)', ...file(list(CSV, XLSX)) },
            400: failure('Bad parameters (INVALID, with fields)'),
            ...refusals(),
          },
        },
      },
      '/api/v1/imports': {
        get: {
          operationId: 'listImports', summary: 'The operator\'s 20 most recent import jobs, newest first, with their progress',
          description: ENROLMENT_ROLES,
          responses: { 200: { description: 'The jobs', ...json({ type: 'array', maxItems: 20, items: ref('ImportJob') }) }, ...refusals() },
        },
      },
      '/api/v1/imports/upload': {
        post: {
          operationId: 'uploadImport', summary: 'Upload a household file (CSV or Excel); it is checked and imported in the background',
          description: `The file is the raw request body. A request with a foreign Origin is refused (403). ${ENROLMENT_ROLES}`,
          parameters: [
            query('name', { type: 'string', maxLength: 1000, default: 'upload' }, 'The file\'s name, for the list and the report'),
            query('confirmSimilar', { type: 'string', enum: list('0', '1'), default: '0' }, '1: import people who look like members already enrolled'),
          ],
          requestBody: { required: true, ...file(list('text/csv', XLSX, 'application/octet-stream')) },
          responses: {
            201: { description: 'The job: queued, or refused (an empty or too large file; see refusal)', ...json(ref('ImportJob')) },
            400: failure('Bad parameters (INVALID, with fields)'),
            ...refusals(),
          },
        },
      },
      '/api/v1/imports/template': {
        get: {
          operationId: 'importTemplate', summary: 'The import template, with the column headers in Khmer and English',
          description: ENROLMENT_ROLES,
          parameters: [query('format', { type: 'string', enum: list('csv', 'xlsx'), default: 'csv' }, 'xlsx for Excel; anything else gives CSV')],
          responses: { 200: { description: 'The template (Content-Disposition: attachment)', ...file(list(CSV, XLSX)) }, ...refusals() },
        },
      },
      '/api/v1/imports/{id}': {
        get: {
          operationId: 'getImport', summary: 'One import job and its progress',
          description: ENROLMENT_ROLES,
          parameters: [idPath('The job\'s id (UUID)')],
          responses: { 200: { description: 'The job', ...json(ref('ImportJob')) }, ...notFound(), ...refusals() },
        },
      },
      '/api/v1/imports/{id}/report': {
        get: {
          operationId: 'importReport', summary: 'The rows that were not imported and why, as CSV in the caller\'s language',
          description: `Columns: row, column, problem, then the row's original values. ${ENROLMENT_ROLES}`,
          parameters: [idPath('The job\'s id (UUID)')],
          responses: { 200: { description: 'The report (Content-Disposition: attachment)', ...file(list(CSV)) }, ...notFound(), ...refusals() },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'openApi', summary: 'This document',
          description: 'Any signed-in user.',
          responses: { 200: { description: 'OpenAPI 3.1', ...json({ type: 'object' }) }, ...refusals() },
        },
      },
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(), description: 'The session cookie set by signing in' } },
      schemas,
    },
  };
}
