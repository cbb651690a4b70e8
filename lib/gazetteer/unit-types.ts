import 'server-only';
import type { UnitLevel } from '@/db/schema/gazetteer';

export interface UnitType {
  km: string;
  latin: string;
  en: string;
  level: UnitLevel;
}

/** The unit types NCDD uses, keyed by the Khmer word its exports put in the first column. */
export const UNIT_TYPES: Record<string, UnitType> = {
  ខេត្ត: { km: 'ខេត្ត', latin: 'Khaet', en: 'Province', level: 'province' },
  រាជធានី: { km: 'រាជធានី', latin: 'Reach Theani', en: 'Capital', level: 'province' },
  ស្រុក: { km: 'ស្រុក', latin: 'Srok', en: 'District', level: 'district' },
  ក្រុង: { km: 'ក្រុង', latin: 'Krong', en: 'Municipality', level: 'district' },
  ខណ្ឌ: { km: 'ខណ្ឌ', latin: 'Khan', en: 'Section', level: 'district' },
  ឃុំ: { km: 'ឃុំ', latin: 'Khum', en: 'Commune', level: 'commune' },
  សង្កាត់: { km: 'សង្កាត់', latin: 'Sangkat', en: 'Quarter', level: 'commune' },
  ភូមិ: { km: 'ភូមិ', latin: 'Phum', en: 'Village', level: 'village' },
};

/** When an edition gives no type for a unit, the usual type of its level. */
export const DEFAULT_TYPE: Record<UnitLevel, UnitType> = {
  province: UNIT_TYPES['ខេត្ត']!,
  district: UNIT_TYPES['ស្រុក']!,
  commune: UNIT_TYPES['ឃុំ']!,
  village: UNIT_TYPES['ភូមិ']!,
};

const LEVEL_BY_LENGTH: Record<number, UnitLevel> = { 2: 'province', 4: 'district', 6: 'commune', 8: 'village' };
export const CODE_LENGTH: Record<UnitLevel, number> = { province: 2, district: 4, commune: 6, village: 8 };

export const UNIT_CODE = /^[0-9]{2}(?:[0-9]{2}){0,3}$/;

export function levelOfCode(code: string): UnitLevel | null {
  return UNIT_CODE.test(code) ? (LEVEL_BY_LENGTH[code.length] ?? null) : null;
}

export function parentOfCode(code: string): string | null {
  return code.length > 2 ? code.slice(0, -2) : null;
}
