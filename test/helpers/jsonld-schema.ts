import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * spdci-schemas JSON-LD classes → JSON Schema. A class's `rdfs:property` list gives its properties
 * (local name of each @id), `rdfs:range` their type (xsd primitives, another class, a code list whose
 * `owl:oneOf` gives the values; `@container: @list` makes an array), `rdfs:subClassOf` a parent whose
 * properties it inherits, and `required` its required keys. Objects are closed (plus @context, @type,
 * @id and declared extensions), so a misspelt property fails. References that resolve to no file (the
 * upstream files have typos) are listed in `unresolved` and left unchecked; tests pin that list.
 */
type Node = Record<string, unknown>;
type Schema = Record<string, unknown>;

export interface JsonLdOptions {
  /** Extra property names allowed per class local name. */
  extensions?: Record<string, string[]>;
  /** Code lists whose values are implementation-defined: any string. */
  openEnums?: string[];
}

// ISO 8601 (DateTime.jsonld): a year, a date, or a date-time with an optional zone.
const ISO_8601 = '^\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?)?)?$';
const XSD: Record<string, Schema> = {
  'xsd:string': { type: 'string' },
  'xsd:boolean': { type: 'boolean' },
  'xsd:integer': { type: 'integer' },
  'xsd:decimal': { type: 'number' },
  'xsd:float': { type: 'number' },
  'xsd:double': { type: 'number' },
  'xsd:date': { type: 'string', pattern: ISO_8601 },
  'xsd:dateTime': { type: 'string', pattern: ISO_8601 },
};
const SCHEMA_HOST = /^https?:\/\/schema\.spdci\.org\//;

export function jsonLdClassSchema(root: string, file: string, options: JsonLdOptions = {}) {
  const defs: Record<string, Schema> = {};
  const unresolved = new Set<string>();
  const read = (rel: string) => JSON.parse(readFileSync(path.join(root, rel), 'utf8')) as Node;

  /** The file a CURIE names: the prefix's directory first, then the referrer's, its siblings, core. */
  function locate(curie: string, context: Node, fromFile: string): string | null {
    const [prefix, local] = curie.includes(':') ? (curie.split(':', 2) as [string, string]) : ['', curie];
    const dirs: string[] = [];
    const iri = typeof context[prefix] === 'string' ? (context[prefix] as string) : '';
    if (SCHEMA_HOST.test(iri)) dirs.push(iri.replace(SCHEMA_HOST, '').replace(/\/+$/, ''));
    const fromDir = path.dirname(fromFile);
    const versionDir = path.dirname(fromDir);
    dirs.push(fromDir, ...['data', 'code', 'api-schemas'].map((d) => path.join(versionDir, d)));
    dirs.push('core/v1/data', 'core/v1/code', 'core/v1/api-schemas');
    const hit = dirs.map((d) => path.join(d, `${local}.jsonld`)).find((p) => existsSync(path.join(root, p)));
    return hit ?? null;
  }

  function rangeSchema(range: unknown, context: Node, fromFile: string, where: string): Schema {
    if (typeof range === 'string') return refSchema(range, context, fromFile, where);
    if (range && typeof range === 'object') {
      const r = range as Node;
      const target = typeof r['@id'] === 'string' ? (r['@id'] as string) : r['@type'];
      let item: Schema;
      if (target === '@id') item = {};
      else if (typeof target === 'string' && target !== 'rdfs:Class')
        item = refSchema(target, context, fromFile, where);
      else item = {};
      return r['@container'] === '@list' ? { type: 'array', items: item } : item;
    }
    return {};
  }

  function refSchema(curie: string, context: Node, fromFile: string, where: string): Schema {
    if (XSD[curie]) return XSD[curie];
    const file = locate(curie, context, fromFile);
    if (!file) {
      unresolved.add(`${where} → ${curie}`);
      return {};
    }
    return classRef(file);
  }

  function classRef(file: string): Schema {
    const key = file.replace(/\.jsonld$/, '').replaceAll('/', '.');
    if (!defs[key]) {
      defs[key] = {};
      defs[key] = build(file);
    }
    return { $ref: `#/$defs/${key}` };
  }

  function build(file: string): Schema {
    const node = read(file);
    const local = path.basename(file, '.jsonld');
    const context = (node['@context'] ?? {}) as Node;
    const graph = node['@graph'];
    if (Array.isArray(graph)) {
      const list = (graph as Node[]).find((g) => Array.isArray(g['owl:oneOf']));
      if (!list) return {};
      if (options.openEnums?.includes(local)) return { type: 'string' };
      return { type: 'string', enum: (list['owl:oneOf'] as string[]).map((v) => v.split(':').pop()!) };
    }
    if (node['@type'] === 'rdfs:Datatype') {
      const base = rangeSchema(node['rdfs:range'], context, file, local);
      return local === 'DateTime' ? { type: 'string', pattern: ISO_8601 } : base;
    }
    const properties: Record<string, Schema> = {};
    const parent = node['rdfs:subClassOf'];
    if (typeof parent === 'string') {
      const parentFile = locate(parent, context, file);
      if (parentFile) Object.assign(properties, (build(parentFile).properties ?? {}) as Record<string, Schema>);
      else unresolved.add(`${local} subClassOf → ${parent}`);
    }
    for (const p of (node['rdfs:property'] ?? []) as Node[]) {
      const name = String(p['@id']).split(':').pop()!;
      properties[name] = rangeSchema(p['rdfs:range'], context, file, `${local}.${name}`);
    }
    const required = ((node.required ?? []) as string[]).map((r) => (r.startsWith('@') ? r : r.split(':').pop()!));
    for (const r of required) properties[r] ??= {};
    for (const extra of ['@context', '@type', '@id', ...(options.extensions?.[local] ?? [])]) properties[extra] ??= {};
    return { type: 'object', properties, required, additionalProperties: false };
  }

  const top = classRef(file);
  return { schema: { ...top, $defs: defs }, unresolved: [...unresolved].sort() };
}
