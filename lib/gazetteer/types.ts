import 'server-only';
import type { UnitLevel } from '@/db/schema/gazetteer';

export type GazetteerFormat = 'pumi-yaml' | 'flat-csv' | 'ncdd-csv';

/** One unit as an edition lists it, names cleaned (NFC, no zero-width characters). */
export interface GazetteerUnit {
  code: string;
  level: UnitLevel;
  parentCode: string | null;
  nameKm: string;
  nameLatin: string;
  typeKm: string;
  typeLatin: string;
  typeEn: string;
}

export type SkipReason =
  'noDigits' | 'badCode' | 'lengthMismatch' | 'unknownType' | 'missingName' | 'duplicate' | 'noParent';

/** A row of the edition that was left out, and why (shown in the import report). */
export interface SkippedRow {
  file: string;
  row?: number;
  code?: string;
  reason: SkipReason;
}

/** A file as read from disk or from an upload. */
export interface SourceFile {
  name: string;
  text: string;
}

export interface ParsedEdition {
  formats: GazetteerFormat[];
  files: string[];
  units: GazetteerUnit[];
  skipped: SkippedRow[];
}
