import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '@/lib/api/openapi';

// Checks a route's real JSON answer against /api/v1/openapi.json (as test/openapi.test.ts does for the
// other routes): the status is documented for the operation and the body matches its schema.

type Json = Record<string, unknown>;
let ajv: Ajv2020 | null = null;
const validators = new Map<string, ValidateFunction>();

/** Why the answer does not match the document ([] when it does). */
export function openApiMismatch(pathKey: string, method: string, status: number, body: unknown): unknown[] {
  const doc = openApiDocument() as unknown as {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>
    >;
    components: { schemas: Json };
  };
  const documented = doc.paths[pathKey]?.[method]?.responses[String(status)];
  const schema = documented?.content?.['application/json']?.schema;
  if (!schema) return [`${method.toUpperCase()} ${pathKey} → ${status} is not documented as JSON`];
  const key = `${pathKey} ${method} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
    ajv ??= addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
    const refs = (o: unknown) =>
      JSON.parse(JSON.stringify(o).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;
    validate = ajv.compile({ ...refs(schema), $defs: refs(doc.components.schemas) });
    validators.set(key, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []);
}
