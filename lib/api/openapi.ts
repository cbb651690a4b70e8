import 'server-only';
import { MEMBER_STATUSES, RELATIONSHIPS, SEXES } from '@/db/schema/households';
import { sessionCookieName } from '@/lib/auth/cookies';
import { MAX_AGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, DEFAULT_PAGE_SIZE } from '@/lib/search/schema';

// OpenAPI 3.1 description of /api/v1. /api/v1/search is built; the other paths are being built
// in other branches and are described here approximately (x-status: planned) so that clients
// can be written against one document; their owners refine them when they land.

const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = {
  400: { description: 'Bad parameters', ...json(ref('Error')) },
  401: { description: 'Not signed in', ...json(ref('Error')) },
  403: { description: 'Not allowed (role, operator, or a password change is due)', ...json(ref('Error')) },
};
const query = (name: string, schema: object, description: string) => ({ name, in: 'query', required: false, schema, description });
// The one key of an error answer, kept out of line: test/i18n.test.ts takes a one-word list after a key for a message key.
const ENVELOPE = ['error'];
const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const schemas = {
  Error: {
    type: 'object', required: ENVELOPE,
    properties: {
      error: {
        type: 'object', required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: ['INVALID', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PASSWORD_CHANGE_REQUIRED', 'INTERNAL'] },
          message: { type: 'string', description: 'English, for developers' },
          fields: {
            type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } },
            description: 'Per parameter, message keys (errors.<key> in the message catalogues)',
          },
        },
      },
    },
  },
  MemberHit: {
    type: 'object',
    required: ['memberId', 'surnameKm', 'givenNameKm', 'sex', 'birthYear', 'birthEstimated', 'status', 'householdId', 'householdCode', 'villageCode'],
    properties: {
      memberId: { type: 'string', format: 'uuid' },
      surnameKm: { type: 'string' }, givenNameKm: { type: 'string' },
      surnameLatin: nullable('string'), givenNameLatin: nullable('string'),
      sex: { type: 'string', enum: SEXES },
      birthDate: nullable('string', { format: 'date' }), birthYear: { type: 'integer' }, birthEstimated: { type: 'boolean' },
      status: { type: 'string', enum: MEMBER_STATUSES },
      khmerIdMasked: nullable('string', { description: 'All but the last 3 digits hidden: ******789', pattern: '^\\*{6}[0-9]{3}$' }),
      spid: nullable('string', { description: 'Social Protection ID, once registered (issue 4); null until then' }),
      householdId: { type: 'string', format: 'uuid' }, householdCode: { type: 'string', examples: ['PWDF-000123'] },
      villageCode: { type: 'string', pattern: '^[0-9]{8}$' },
      villageNameKm: nullable('string'), villageNameLatin: nullable('string'),
      communeNameKm: nullable('string'), communeNameLatin: nullable('string'),
    },
  },
  SearchResult: {
    type: 'object', required: ['items', 'nextCursor', 'matchedAs', 'sort'],
    properties: {
      items: { type: 'array', items: ref('MemberHit') },
      nextCursor: nullable('string', { description: 'Pass as cursor for the next page; null on the last' }),
      matchedAs: { type: 'array', items: { type: 'string', enum: ['khmerName', 'latinName', 'khmerId', 'phone', 'idpoor', 'householdCode'] } },
      sort: { type: 'string', enum: ['km-icu', 'km', 'latin'], description: 'Khmer (ICU collation where the server has it) or Latin name order' },
    },
  },
  Household: {
    type: 'object', 'x-status': 'planned',
    properties: {
      id: { type: 'string', format: 'uuid' }, code: { type: 'string' }, villageCode: { type: 'string' },
      addressLine: nullable('string'), idpoorNumber: nullable('string'), idpoorLevel: nullable('integer', { enum: [1, 2, null] }),
      phone: nullable('string', { description: 'E.164' }), status: { type: 'string', enum: ['active', 'closed'] },
      version: { type: 'integer' }, members: { type: 'array', items: ref('Member') },
    },
  },
  Member: {
    type: 'object', 'x-status': 'planned',
    properties: {
      id: { type: 'string', format: 'uuid' }, householdId: { type: 'string', format: 'uuid' },
      surnameKm: { type: 'string' }, givenNameKm: { type: 'string' }, surnameLatin: nullable('string'), givenNameLatin: nullable('string'),
      sex: { type: 'string', enum: SEXES }, birthDate: nullable('string', { format: 'date' }), birthYear: { type: 'integer' },
      relationship: { type: 'string', enum: RELATIONSHIPS }, status: { type: 'string', enum: MEMBER_STATUSES },
      khmerId: nullable('string'), phone: nullable('string'), hasDisability: { type: 'boolean' }, version: { type: 'integer' },
    },
  },
  AdminUnit: {
    type: 'object', 'x-status': 'planned',
    properties: {
      code: { type: 'string', pattern: '^[0-9]{2}([0-9]{2}){0,3}$' }, level: { type: 'string', enum: ['province', 'district', 'commune', 'village'] },
      parentCode: nullable('string'), nameKm: { type: 'string' }, nameLatin: { type: 'string' },
      typeKm: { type: 'string' }, typeEn: { type: 'string' }, retired: { type: 'boolean' },
    },
  },
};

const searchParameters = [
  query('q', { type: 'string', maxLength: MAX_QUERY_LENGTH }, 'Khmer or Latin name (part of it), Khmer ID (9 digits), phone, household code or IDPoor number: the kind is told from the shape'),
  query('province', { type: 'string', pattern: '^[0-9]{2}$' }, 'Province code'),
  query('district', { type: 'string', pattern: '^[0-9]{4}$' }, 'District code (within the province, if both)'),
  query('commune', { type: 'string', pattern: '^[0-9]{6}$' }, 'Commune code'),
  query('village', { type: 'string', pattern: '^[0-9]{8}$' }, 'Village code'),
  query('sex', { type: 'string', enum: SEXES }, 'Sex'),
  query('ageMin', { type: 'integer', minimum: 0, maximum: MAX_AGE }, 'Youngest age (from the birth date, else the birth year)'),
  query('ageMax', { type: 'integer', minimum: 0, maximum: MAX_AGE }, 'Oldest age; not below ageMin'),
  query('disability', { type: 'string', enum: ['true', 'false'] }, 'With or without a disability'),
  query('status', { type: 'string', enum: MEMBER_STATUSES }, 'Member status'),
  query('cursor', { type: 'string', maxLength: 600 }, 'nextCursor of the previous page'),
  query('limit', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }, 'Page size'),
];

const planned = (summary: string, parameters: object[], schema: object) => ({
  get: {
    summary, 'x-status': 'planned', parameters,
    responses: { 200: { description: 'OK', ...json(schema) }, 401: errors[401], 403: errors[403], 404: { description: 'Not found (or another operator\'s)', ...json(ref('Error')) } },
  },
});

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Service Delivery Platform API', version: '1',
      description: 'Every call is scoped to the signed-in user\'s operator; another operator\'s records are never found.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    paths: {
      '/api/v1/search': {
        get: {
          summary: 'Search members and their households', description: 'Keyset-paginated, in name order. Role: any role with access to households.',
          parameters: searchParameters,
          responses: { 200: { description: 'A page of members', ...json(ref('SearchResult')) }, ...errors },
        },
      },
      '/api/v1/households/{id}': planned('One household with its members', [idPath], ref('Household')),
      '/api/v1/members/{id}': planned('One member', [idPath], ref('Member')),
      '/api/v1/gazetteer/units': planned('Administrative units, by level or parent', [
        query('level', { type: 'string', enum: ['province', 'district', 'commune', 'village'] }, 'Level'),
        query('parent', { type: 'string', pattern: '^[0-9]{2}([0-9]{2}){0,2}$' }, 'Parent unit code'),
      ], { type: 'array', items: ref('AdminUnit') }),
      '/api/v1/gazetteer/villages': planned('Village type-ahead (Khmer or Latin name)', [
        query('q', { type: 'string', maxLength: MAX_QUERY_LENGTH }, 'Part of a village name'),
        query('commune', { type: 'string', pattern: '^[0-9]{6}$' }, 'Within this commune'),
      ], { type: 'array', items: ref('AdminUnit') }),
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' }, 401: errors[401] } } },
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(), description: 'The session cookie set by signing in' } },
      schemas,
    },
  };
}
