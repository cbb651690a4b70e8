import { MARITAL_STATUSES, RELATIONSHIPS, SEXES, WG_DOMAINS, WG_LEVELS } from '@/lib/households/values';
import enHouseholds from '@/messages/en/households.json';
import kmHouseholds from '@/messages/km/households.json';
import enImports from '@/messages/en/imports.json';
import kmImports from '@/messages/km/imports.json';

// The columns of the import file (and of the template and the export). A header is recognised in
// English, in Khmer, as the template's "Khmer / English" pair, or by its key, in any order.

export const WG_COLUMNS = WG_DOMAINS.map((d) => `wg_${d}` as const);
export const COLUMN_KEYS = [
  'household_ref',
  'village_code',
  'address',
  'idpoor_number',
  'idpoor_level',
  'household_phone',
  'household_notes',
  'surname_km',
  'given_name_km',
  'surname_latin',
  'given_name_latin',
  'sex',
  'birth_date',
  'birth_year',
  'relationship',
  'khmer_id',
  'birth_certificate_no',
  'phone',
  'marital_status',
  ...WG_COLUMNS,
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** Household columns: filled on the head's row; other rows leave them empty or repeat the same value. */
export const HOUSEHOLD_COLUMNS = [
  'village_code',
  'address',
  'idpoor_number',
  'idpoor_level',
  'household_phone',
  'household_notes',
] as const satisfies readonly ColumnKey[];
export type HouseholdColumn = (typeof HOUSEHOLD_COLUMNS)[number];

/** Columns the header must contain; one of the two birth columns must be there as well. */
export const REQUIRED_COLUMNS: readonly ColumnKey[] = [
  'household_ref',
  'village_code',
  'surname_km',
  'given_name_km',
  'sex',
  'relationship',
];
export const BIRTH_COLUMNS: readonly ColumnKey[] = ['birth_date', 'birth_year'];

export const COLUMN_LABELS: Record<'en' | 'km', Record<ColumnKey, string>> = {
  en: enImports.imports.columns,
  km: kmImports.imports.columns,
};

/** The template's header: Khmer first (the platform's language), then English. */
export function templateHeader(key: ColumnKey): string {
  return `${COLUMN_LABELS.km[key]} / ${COLUMN_LABELS.en[key]}`;
}

/** Case, spacing, zero-width characters and a trailing "*" (required marker) do not matter. */
export function normaliseLabel(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\*+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const HEADER_ALIASES = new Map<string, ColumnKey>();
for (const key of COLUMN_KEYS) {
  for (const alias of [
    key,
    COLUMN_LABELS.en[key],
    COLUMN_LABELS.km[key],
    templateHeader(key),
    `${COLUMN_LABELS.en[key]} / ${COLUMN_LABELS.km[key]}`,
  ]) {
    HEADER_ALIASES.set(normaliseLabel(alias), key);
  }
}

export function columnOfHeader(header: string): ColumnKey | undefined {
  const label = normaliseLabel(header);
  return HEADER_ALIASES.get(label) ?? HEADER_ALIASES.get(label.replace(/\s*\/\s*/g, ' / '));
}

/** Cell values: the stored code, its English or Khmer label, and for difficulty levels the Washington Group codes 1–4. */
function vocabulary<T extends string>(
  codes: readonly T[],
  en: Record<T, string>,
  km: Record<T, string>,
  extra: [string, T][] = [],
) {
  const map = new Map<string, T>();
  for (const code of codes) for (const label of [code, en[code], km[code]]) map.set(normaliseLabel(label), code);
  for (const [label, code] of extra) map.set(normaliseLabel(label), code);
  return map;
}

export const VOCABULARIES = {
  sex: vocabulary(SEXES, enHouseholds.sexes, kmHouseholds.sexes, [
    ['female', 'F'],
    ['male', 'M'],
    ['ស', 'F'],
    ['ប', 'M'],
  ]),
  relationship: vocabulary(RELATIONSHIPS, enHouseholds.relationships, kmHouseholds.relationships, [
    ['other relative', 'other_relative'],
    ['non relative', 'non_relative'],
    ['non-relative', 'non_relative'],
  ]),
  marital_status: vocabulary(MARITAL_STATUSES, enHouseholds.maritalStatuses, kmHouseholds.maritalStatuses),
  wg: vocabulary(WG_LEVELS, enHouseholds.wgLevels, kmHouseholds.wgLevels, [
    ['1', 'none'],
    ['2', 'some'],
    ['3', 'aLot'],
    ['4', 'cannot'],
    ['a lot', 'aLot'],
    ['alot', 'aLot'],
  ]),
};

/** The codes a cell may hold, for the "use one of" message. */
export function allowedValues(column: ColumnKey): string {
  if (column === 'sex') return SEXES.join(', ');
  if (column === 'relationship') return RELATIONSHIPS.join(', ');
  if (column === 'marital_status') return MARITAL_STATUSES.join(', ');
  if (column === 'idpoor_level') return '1, 2';
  return WG_LEVELS.join(', ');
}
