import 'server-only';
import { parse } from 'yaml';
import { DomainError } from '@/lib/errors';
import type { EditionBuilder } from './edition';

const GROUPS = ['provinces', 'districts', 'communes', 'villages'] as const;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** True when the text looks like one of pumi's data files (`provinces:` … `villages:` at the top). */
export function looksLikePumiYaml(text: string): boolean {
  return /^(?:---\s*\n)?(?:#.*\n)*(provinces|districts|communes|villages):/m.test(text.slice(0, 2000));
}

/**
 * One of pumi's data files: `<group>: { '<code>': { name: { km, latin }, administrative_unit: { km, latin, en } } }`.
 * The failsafe schema keeps every scalar a string, so a code is never read as a number and no
 * place name turns into a boolean; duplicate keys are not checked because that is quadratic
 * on the 14,578 villages and the edition builder reports duplicates across files anyway.
 */
export function parsePumiYaml(file: string, text: string, out: EditionBuilder): void {
  let doc: unknown;
  try {
    doc = parse(text, { schema: 'failsafe', uniqueKeys: false, maxAliasCount: 0 });
  } catch (cause) {
    throw new DomainError('INVALID', 'gazetteerUnreadable', { files: ['gazetteerUnreadable'] }, { cause });
  }
  const group = isNode(doc) ? GROUPS.find((g) => isNode(doc[g])) : undefined;
  if (!group || !isNode(doc))
    throw new DomainError('INVALID', 'gazetteerUnknownFormat', { files: ['gazetteerUnknownFormat'] });
  for (const [code, value] of Object.entries(doc[group] as Node)) {
    const unit = isNode(value) ? value : {};
    const name = isNode(unit.name) ? unit.name : {};
    const type = isNode(unit.administrative_unit) ? unit.administrative_unit : {};
    out.add({
      file,
      code,
      level: group.slice(0, -1),
      nameKm: str(name.km),
      nameLatin: str(name.latin),
      typeKm: str(type.km),
      typeLatin: str(type.latin),
      typeEn: str(type.en),
    });
  }
}
