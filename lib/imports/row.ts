import { WG_DOMAINS } from '@/lib/households/values';
import { emptyDisability, type MemberInput } from '@/lib/households/schemas';
import {
  allowedValues,
  HOUSEHOLD_COLUMNS,
  normaliseLabel,
  VOCABULARIES,
  type ColumnKey,
  type HouseholdColumn,
} from './columns';

// One file row → the enrolment schema's input for one member, plus the household cells it carries.
// Only spreadsheet habits are handled here (Khmer digits, DD/MM/YYYY, a village code that lost its
// leading zero, words for codes); every rule about the values is the enrolment schema's.

/** Row problems by column key ("_row" for the row as a whole); a message is `key` or `key?param=value`. */
export type RowErrors = Record<string, string[]>;

export interface RowInput {
  ref: string;
  household: Partial<Record<HouseholdColumn, string>>;
  member: MemberInput;
  errors: RowErrors;
}

export function message(key: string, params?: Record<string, string | number>): string {
  return params ? `${key}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}` : key;
}

export function addError(errors: RowErrors, column: string, msg: string): void {
  const list = (errors[column] ??= []);
  if (!list.includes(msg)) list.push(msg);
}

const KHMER_DIGITS = /[\u17E0-\u17E9]/g;
export const asciiDigits = (s: string) => s.replace(KHMER_DIGITS, (d) => String(d.charCodeAt(0) - 0x17e0));

/** YYYY-MM-DD from the forms people type; anything else is passed on for the schema to refuse. */
export function normaliseDate(input: string): string {
  const s = asciiDigits(input)
    .trim()
    .replace(/[T ]00:00(:00(\.0+)?)?Z?$/, '');
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return s;
}

/** Spreadsheets drop the leading zero of provinces 01–09: a 7-digit code gets it back. */
export function normaliseVillage(input: string): string {
  const s = asciiDigits(input).trim();
  return /^\d{7}$/.test(s) ? `0${s}` : s;
}

function coded<T extends string>(
  v: Record<ColumnKey, string | undefined>,
  column: ColumnKey,
  vocab: Map<string, T>,
  errors: RowErrors,
  empty: T | '',
): T | '' {
  const cell = (v[column] ?? '').trim();
  if (!cell) return empty;
  const code = vocab.get(normaliseLabel(asciiDigits(cell)));
  if (code) return code;
  addError(errors, column, message('unknownValue', { values: allowedValues(column) }));
  return empty;
}

const HOUSEHOLD_CLEAN: Record<HouseholdColumn, (s: string) => string> = {
  village_code: normaliseVillage,
  address: (s) => s,
  idpoor_number: (s) => asciiDigits(s).trim(),
  idpoor_level: (s) => asciiDigits(s).trim(),
  household_phone: asciiDigits,
  household_notes: (s) => s,
};

export function rowInput(values: Partial<Record<ColumnKey, string>>): RowInput {
  const v = values as Record<ColumnKey, string | undefined>;
  const errors: RowErrors = {};
  // Bytes that were not valid text (decoded as U+FFFD): the value cannot be trusted.
  for (const [column, cell] of Object.entries(v))
    if (cell?.includes('\uFFFD')) addError(errors, column, 'invalidCharacters');
  const cell = (k: ColumnKey) => v[k] ?? '';
  const household: Partial<Record<HouseholdColumn, string>> = {};
  for (const col of HOUSEHOLD_COLUMNS) {
    const value = HOUSEHOLD_CLEAN[col](cell(col));
    if (value.trim() !== '') household[col] = value;
  }
  if (household.idpoor_level !== undefined && !['1', '2'].includes(household.idpoor_level)) {
    addError(errors, 'idpoor_level', message('unknownValue', { values: allowedValues('idpoor_level') }));
    delete household.idpoor_level;
  }
  const disability = emptyDisability();
  for (const d of WG_DOMAINS) {
    const level = coded(v, `wg_${d}`, VOCABULARIES.wg, errors, 'none');
    if (level) disability[d] = level;
  }
  const birthDate = normaliseDate(cell('birth_date'));
  const birthYear = asciiDigits(cell('birth_year')).trim();
  const ref = cell('household_ref').normalize('NFC').trim();
  if (!ref) addError(errors, 'household_ref', 'householdRefRequired');
  const member: MemberInput = {
    surnameKm: cell('surname_km'),
    givenNameKm: cell('given_name_km'),
    surnameLatin: cell('surname_latin'),
    givenNameLatin: cell('given_name_latin'),
    sex: coded(v, 'sex', VOCABULARIES.sex, errors, '') as MemberInput['sex'],
    // An exact date when there is one; otherwise the year, flagged as estimated.
    birthDate,
    birthEstimated: !birthDate && birthYear !== '',
    birthYear: birthDate ? '' : birthYear,
    relationship: coded(v, 'relationship', VOCABULARIES.relationship, errors, '') as MemberInput['relationship'],
    khmerId: asciiDigits(cell('khmer_id')),
    birthCertificateNo: cell('birth_certificate_no'),
    phone: asciiDigits(cell('phone')),
    disability,
    maritalStatus: coded(v, 'marital_status', VOCABULARIES.marital_status, errors, ''),
  };
  return { ref, household, member, errors };
}
