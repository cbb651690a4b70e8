import 'server-only';
import { DomainError } from '@/lib/errors';
import { EditionBuilder } from './edition';
import { looksLikeFlatCsv, parseFlatCsv, parseNcddCsv } from './parse-csv';
import { looksLikePumiYaml, parsePumiYaml } from './parse-yaml';
import type { GazetteerFormat, ParsedEdition, SourceFile } from './types';

/** The layout of one file, from its extension and its first lines. */
export function detectFormat(file: SourceFile): GazetteerFormat | null {
  const ext = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const text = file.text.replace(/^\uFEFF/, '');
  if (ext === 'yml' || ext === 'yaml') return looksLikePumiYaml(text) ? 'pumi-yaml' : null;
  if (ext === 'csv' || ext === 'txt') return looksLikeFlatCsv(text) ? 'flat-csv' : 'ncdd-csv';
  if (looksLikePumiYaml(text)) return 'pumi-yaml';
  return null;
}

/**
 * Reads an edition from one or more files (pumi's four YAML files, the flat CSV, or NCDD's
 * per-province CSV exports), in any mix: the units are checked together, so a village's
 * commune may come from another file.
 */
export function parseEdition(files: SourceFile[]): ParsedEdition {
  const out = new EditionBuilder();
  const formats = new Set<GazetteerFormat>();
  for (const file of files) {
    const format = detectFormat(file);
    if (!format) throw new DomainError('INVALID', 'gazetteerUnknownFormat', { files: ['gazetteerUnknownFormat'] });
    formats.add(format);
    const text = file.text.replace(/^\uFEFF/, '');
    if (format === 'pumi-yaml') parsePumiYaml(file.name, text, out);
    else if (format === 'flat-csv') parseFlatCsv(file.name, text, out);
    else parseNcddCsv(file.name, text, out);
  }
  const units = out.finish();
  if (units.length === 0) throw new DomainError('INVALID', 'gazetteerEmpty', { files: ['gazetteerEmpty'] });
  return { formats: [...formats], files: files.map((f) => f.name), units, skipped: out.skipped };
}
