import 'server-only';
import { parse } from 'csv-parse/sync';
import { DomainError } from '@/lib/errors';
import type { EditionBuilder } from './edition';
import { CODE_LENGTH, UNIT_TYPES } from './unit-types';

const FLAT_COLUMNS = [
  'code',
  'level',
  'parent_code',
  'type_km',
  'type_latin',
  'type_en',
  'name_km',
  'name_latin',
] as const;

// NCDD's exports leave the type of a few units empty; pumi fills in the same one.
const MISSING_TYPES: Record<string, string> = { '1715': 'ក្រុង' };

function readRows(text: string): string[][] {
  try {
    return parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (cause) {
    throw new DomainError('INVALID', 'gazetteerUnreadable', { files: ['gazetteerUnreadable'] }, { cause });
  }
}

/** The first non-empty line names the flat layout's columns (code, level, parent_code, …). */
export function looksLikeFlatCsv(text: string): boolean {
  const first =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
  const cells = first.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return FLAT_COLUMNS.every((c) => cells.includes(c));
}

/** One row per unit with a header: code, level, parent_code, type_km, type_latin, type_en, name_km, name_latin, … */
export function parseFlatCsv(file: string, text: string, out: EditionBuilder): void {
  const [header, ...rows] = readRows(text);
  const col = new Map((header ?? []).map((name, i) => [name.toLowerCase(), i]));
  const at = (row: string[], name: (typeof FLAT_COLUMNS)[number]) => row[col.get(name)!];
  rows.forEach((row, i) => {
    const code = at(row, 'code') ?? '';
    if (!/[0-9]/.test(code)) return out.skip(file, 'noDigits', i + 2);
    out.add({
      file,
      row: i + 2,
      code,
      level: at(row, 'level'),
      nameKm: at(row, 'name_km'),
      nameLatin: at(row, 'name_latin'),
      typeKm: at(row, 'type_km'),
      typeLatin: at(row, 'type_latin'),
      typeEn: at(row, 'type_en'),
    });
  });
}

/**
 * NCDD's own export, one file per province, converted to CSV: `type, code, name_km, name_latin,
 * reference, note1, note2` with title and header rows of no fixed shape. Like pumi's reader:
 * rows whose code has no digit are not units; the export drops the leading zero of provinces
 * 1–9, so an odd-length code gets one back; a code whose length does not fit its type is left out.
 */
export function parseNcddCsv(file: string, text: string, out: EditionBuilder): void {
  readRows(text).forEach((row, i) => {
    const line = i + 1;
    const [rawType = '', rawCode = ''] = row;
    if (!/[0-9]/.test(rawCode)) return;
    let code = rawCode.replace(/\s+/g, '');
    if (code.length % 2 === 1) code = `0${code}`;
    const type = UNIT_TYPES[rawType.normalize('NFC').replace(/\s+/g, '')] ?? UNIT_TYPES[MISSING_TYPES[code] ?? ''];
    if (!type) return out.skip(file, 'unknownType', line, code);
    if (code.length !== CODE_LENGTH[type.level]) return out.skip(file, 'lengthMismatch', line, code);
    out.add({
      file,
      row: line,
      code,
      level: type.level,
      nameKm: row[2],
      nameLatin: row[3],
      typeKm: type.km,
      typeLatin: type.latin,
      typeEn: type.en,
    });
  });
}
