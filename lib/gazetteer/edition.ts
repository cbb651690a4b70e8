import 'server-only';
import { cleanText } from '@/lib/text/normalise';
import type { GazetteerUnit, SkipReason, SkippedRow } from './types';
import { DEFAULT_TYPE, levelOfCode, parentOfCode } from './unit-types';

export interface RawUnit {
  file: string;
  row?: number;
  code: string;
  nameKm: string | undefined;
  nameLatin: string | undefined;
  typeKm?: string;
  typeLatin?: string;
  typeEn?: string;
  /** The level the source states, checked against the code's length. */
  level?: string;
}

/**
 * Collects the units of an edition from any parser, with one set of checks: a well-formed code,
 * the stated level matching the code's length, a name, no duplicate code, and a parent in the
 * same edition (a unit whose parent was left out would hang in no tree).
 */
export class EditionBuilder {
  private readonly units = new Map<string, GazetteerUnit>();
  private readonly fileOf = new Map<string, string>();
  readonly skipped: SkippedRow[] = [];

  skip(file: string, reason: SkipReason, row?: number, code?: string): void {
    this.skipped.push({ file, reason, ...(row === undefined ? {} : { row }), ...(code ? { code } : {}) });
  }

  add(raw: RawUnit): void {
    const code = raw.code.trim();
    const level = levelOfCode(code);
    if (!level) return this.skip(raw.file, 'badCode', raw.row, code);
    if (raw.level !== undefined && raw.level.trim() !== level)
      return this.skip(raw.file, 'lengthMismatch', raw.row, code);
    const nameKm = cleanText(raw.nameKm ?? '');
    const nameLatin = cleanText(raw.nameLatin ?? '');
    if (!nameKm && !nameLatin) return this.skip(raw.file, 'missingName', raw.row, code);
    if (this.units.has(code)) return this.skip(raw.file, 'duplicate', raw.row, code);
    const fallback = DEFAULT_TYPE[level];
    this.fileOf.set(code, raw.file);
    this.units.set(code, {
      code,
      level,
      parentCode: parentOfCode(code),
      nameKm,
      nameLatin,
      typeKm: cleanText(raw.typeKm ?? '') || fallback.km,
      typeLatin: cleanText(raw.typeLatin ?? '') || fallback.latin,
      typeEn: cleanText(raw.typeEn ?? '') || fallback.en,
    });
  }

  /** The units in code order (parents before children), orphans left out. */
  finish(): GazetteerUnit[] {
    const kept = new Set<string>();
    const out: GazetteerUnit[] = [];
    const sorted = [...this.units.values()].sort((a, b) => a.code.length - b.code.length || (a.code < b.code ? -1 : 1));
    for (const unit of sorted) {
      if (unit.parentCode && !kept.has(unit.parentCode)) {
        this.skip(this.fileOf.get(unit.code) ?? '', 'noParent', undefined, unit.code);
        continue;
      }
      kept.add(unit.code);
      out.push(unit);
    }
    return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}
