import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { jsonLdClassSchema } from './jsonld-schema';
import { SHARED_DIR } from './shared';

/**
 * Two contracts for the DCI messages we send. The project's own, always: a JSON Schema written for
 * these tests (test/fixtures/dci/contract.schema.json). And the DCI spec files themselves, read from
 * the shared folder (never copied into the project) when it is there: OpenAPI request bodies from
 * spdci-standards, record classes from the spdci-schemas JSON-LD. A change in either file changes
 * what its validators accept, so a drift between our requests and the specs fails a test.
 */
export const SPECS = SHARED_DIR && path.join(SHARED_DIR, 'data', 'specs');
const YAML_DIR = SPECS && path.join(SPECS, 'spdci-standards/release/yaml');
const JSONLD_DIR = SPECS && path.join(SPECS, 'spdci-schemas');
export const PROJECT_CONTRACT = path.resolve(import.meta.dirname, '../fixtures/dci/contract.schema.json');

/**
 * Fails loudly when the shared folder is there but its spec files are not: a contract test that
 * quietly skips when the specs are gone proves nothing. Without a shared folder, only the project's
 * contract runs.
 */
export function requireSpecs(): void {
  if (!SHARED_DIR) return;
  const needed = [
    path.join(YAML_DIR!, 'ibr_api_v1.0.0.yaml'),
    path.join(YAML_DIR!, 'registry_core_api_v1.0.0.yaml'),
    JSONLD_DIR!,
  ];
  const missing = needed.filter((p) => !existsSync(p));
  if (missing.length)
    throw new Error(
      `DCI spec files missing from the shared folder ${SHARED_DIR} (expected in data/specs): ${missing.join(', ')}`,
    );
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// Documentation keys are dropped; `example` values even hold $refs that are not schemas.
const DROP = new Set(['example', 'examples', 'description', 'summary', 'deprecated', 'xml']);

function unescape(token: string): string {
  return decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Follows a JSON pointer, resolving $refs met on the way (the spec's refs point *through* other refs). */
function resolvePointer(doc: Json, pointer: string, depth: number): Json {
  let node: Json = doc;
  for (const token of pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescape)) {
    node = follow(doc, node, depth);
    if (node === null || typeof node !== 'object') throw new Error(`Bad pointer ${pointer}`);
    const next: Json | undefined = Array.isArray(node) ? node[Number(token)] : node[token];
    if (next === undefined) throw new Error(`Pointer ${pointer} not found at ${token}`);
    node = next;
  }
  return follow(doc, node, depth);
}

function follow(doc: Json, node: Json, depth: number): Json {
  if (depth > 40) throw new Error('$ref chain too deep');
  if (node && typeof node === 'object' && !Array.isArray(node) && typeof node.$ref === 'string') {
    return resolvePointer(doc, node.$ref, depth + 1);
  }
  return node;
}

/** The schema with every $ref inlined and documentation keys dropped: plain JSON Schema for ajv. */
function inline(doc: Json, node: Json, depth = 0): Json {
  if (depth > 60) throw new Error('Schema nests too deep (a $ref cycle?)');
  const target = follow(doc, node, 0);
  if (Array.isArray(target)) return target.map((n) => inline(doc, n, depth + 1));
  if (target === null || typeof target !== 'object') return target;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(target)) {
    if (DROP.has(k) || k.startsWith('x-')) continue;
    // `properties` and `enum` hold names and values, not schemas to clean.
    out[k] = k === 'enum' ? v : inline(doc, v, depth + 1);
  }
  return out;
}

const docs = new Map<string, Json>();
function openApi(file: string): Json {
  let doc = docs.get(file);
  if (!doc) {
    doc = parse(readFileSync(path.join(YAML_DIR!, file), 'utf8')) as Json;
    docs.set(file, doc);
  }
  return doc;
}

/** A schema from an OpenAPI file by JSON pointer, e.g. `#/components/schemas/MsgHeader_V1.0.0`. */
export function openApiSchema(file: string, pointer: string): Json {
  const doc = openApi(file);
  return inline(doc, resolvePointer(doc, pointer, 0));
}

/** The application/json request body schema of `POST {apiPath}`. */
export function requestBodySchema(file: string, apiPath: string): Json {
  const escaped = apiPath.replaceAll('~', '~0').replaceAll('/', '~1');
  return openApiSchema(file, `#/paths/${escaped}/post/requestBody/content/application~1json/schema`);
}

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

function newAjv(): Ajv {
  // strict off: OpenAPI 3.0 keywords (nullable, discriminator…) are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'binary', 'float', 'double']) ajv.addFormat(f, true);
  return ajv;
}

const ajv = newAjv();

export function compile(schema: Json): ValidateFunction {
  return ajv.compile(schema as object);
}

/** Validates and returns ajv's errors as readable lines (empty when valid). */
export function problems(validate: ValidateFunction, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** The JSON-LD record classes we send, compiled once. */
export function beneficiaryValidator() {
  const result = jsonLdClassSchema(JSONLD_DIR!, 'extensions/ibr/v1/data/Beneficiary.jsonld', {
    // camdx.md §3.1: each beneficiary carries its record version's reference_id (the idempotency key).
    extensions: { Beneficiary: ['reference_id'] },
    // IdentifierTypeEnum lists UIN/BRN/MRN/DRN, but the OpenAPI says identifier types are defined "as
    // per implementation context"; ours are NID (Khmer ID), SPID and LOCAL (camdx.md §3).
    openEnums: ['IdentifierTypeEnum'],
  });
  return { validate: compile(result.schema as Json), unresolved: result.unresolved };
}

/** What the contract tests check our requests with, from one source. */
export interface Contract {
  label: string;
  updates: ValidateFunction;
  search: ValidateFunction;
  txnStatus: ValidateFunction;
  coreHeader: ValidateFunction;
  residentRecord: ValidateFunction;
  dateTime: ValidateFunction;
  languageCode: ValidateFunction;
  beneficiary: ValidateFunction;
}

/** The project's contract schema (test/fixtures/dci/contract.schema.json). */
export function projectContract(): Contract {
  const schema = JSON.parse(readFileSync(PROJECT_CONTRACT, 'utf8')) as { $id: string };
  if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
  const def = (name: string) => compile({ $ref: `${schema.$id}#/$defs/${name}` });
  return {
    label: 'the project contract (test/fixtures/dci)',
    updates: def('updatesRequest'),
    search: def('searchRequest'),
    txnStatus: def('txnStatusRequest'),
    coreHeader: def('header'),
    residentRecord: def('residentRecord'),
    dateTime: def('dateTime'),
    languageCode: def('languageCode'),
    beneficiary: def('beneficiary'),
  };
}

export const IBR_FILE = 'ibr_api_v1.0.0.yaml';
export const CORE_FILE = 'registry_core_api_v1.0.0.yaml';

/** The DCI spec files in the shared folder (only when SPECS is set). */
let specs: (Contract & { unresolved: string[] }) | undefined;
export function specContract(): Contract & { unresolved: string[] } {
  if (specs) return specs;
  const beneficiary = beneficiaryValidator();
  return (specs = {
    label: 'the DCI spec files (shared folder)',
    updates: compile(requestBodySchema(IBR_FILE, '/registry/sync/enrollment/updates')),
    search: compile(requestBodySchema(IBR_FILE, '/registry/sync/search')),
    txnStatus: compile(requestBodySchema(IBR_FILE, '/registry/sync/txn/status')),
    coreHeader: compile(openApiSchema(CORE_FILE, '#/components/schemas/MsgHeader_V1.0.0')),
    residentRecord: compile(openApiSchema(CORE_FILE, '#/components/schemas/nid_ResidentRecord')),
    dateTime: compile(openApiSchema(CORE_FILE, '#/components/schemas/DateTime')),
    languageCode: compile(openApiSchema(CORE_FILE, '#/components/schemas/LanguageCode')),
    beneficiary: beneficiary.validate,
    unresolved: beneficiary.unresolved,
  });
}

/** The project's contract, then the spec files when the shared folder is there. */
export function contracts(): Contract[] {
  requireSpecs();
  return [projectContract(), ...(SPECS ? [specContract()] : [])];
}

/** The DCI `err.*` codes (Error.code) from the project's contract, and from the IBR spec file when present. */
export function dciErrorCodeLists(): { label: string; codes: string[] }[] {
  requireSpecs();
  const own = JSON.parse(readFileSync(PROJECT_CONTRACT, 'utf8')) as {
    $defs: { errorAck: { properties: { code: { enum: string[] } } } };
  };
  const lists = [{ label: 'project contract', codes: own.$defs.errorAck.properties.code.enum }];
  if (SPECS) {
    const schema = openApiSchema(IBR_FILE, '#/components/schemas/Error') as {
      properties: { code: { enum: string[] } };
    };
    lists.push({ label: 'IBR spec', codes: schema.properties.code.enum });
  }
  return lists;
}
