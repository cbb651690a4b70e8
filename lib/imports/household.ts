import type { z } from 'zod';
import { enrolmentSchema, type EnrolmentData, type EnrolmentInput } from '@/lib/households/schemas';
import { HOUSEHOLD_COLUMNS, type ColumnKey, type HouseholdColumn } from './columns';
import { addError, message, type RowErrors, type RowInput } from './row';

// The rows of one household (same household reference) → one enrolment, validated by the very
// schema the enrolment form uses; its issues are put back on the rows and columns they concern.

export interface SourceRow {
  row: number;
  input: RowInput;
  raw: Record<string, string>;
}

export interface CheckedHousehold {
  ref: string;
  rows: SourceRow[];
  /** Null when any row has a problem: a household is imported whole or not at all. */
  data: EnrolmentData | null;
  errors: Map<number, RowErrors>;
}

const MEMBER_COLUMN: Record<string, ColumnKey> = {
  surnameKm: 'surname_km',
  givenNameKm: 'given_name_km',
  surnameLatin: 'surname_latin',
  givenNameLatin: 'given_name_latin',
  sex: 'sex',
  birthDate: 'birth_date',
  birthEstimated: 'birth_date',
  birthYear: 'birth_year',
  relationship: 'relationship',
  khmerId: 'khmer_id',
  birthCertificateNo: 'birth_certificate_no',
  phone: 'phone',
  maritalStatus: 'marital_status',
};
const HOUSEHOLD_FIELD: Record<HouseholdColumn, keyof EnrolmentInput['household']> = {
  village_code: 'villageCode',
  address: 'addressLine',
  idpoor_number: 'idpoorNumber',
  idpoor_level: 'idpoorLevel',
  household_phone: 'phone',
  household_notes: 'notes',
};
const HOUSEHOLD_COLUMN = Object.fromEntries(Object.entries(HOUSEHOLD_FIELD).map(([c, f]) => [f, c])) as Record<
  string,
  HouseholdColumn
>;

/** Household cells: the first filled value of each column wins; a different one on another row is a problem. */
function mergeHousehold(rows: SourceRow[], errorsOf: (row: number) => RowErrors) {
  const merged: Partial<Record<HouseholdColumn, { value: string; row: number }>> = {};
  for (const r of rows) {
    for (const col of HOUSEHOLD_COLUMNS) {
      const value = r.input.household[col];
      if (value === undefined) continue;
      const first = merged[col];
      if (!first) merged[col] = { value, row: r.row };
      else if (first.value.trim() !== value.trim())
        addError(errorsOf(r.row), col, message('householdValueDiffers', { row: first.row }));
    }
  }
  return merged;
}

const khmerIdKey = (s: string) => s.replace(/[\s-]/g, '');

/** Household-level issues of the schema ("members": no head, two heads, repeated ID, too many). */
function placeMembersIssue(issue: string, rows: SourceRow[], errorsOf: (row: number) => RowErrors) {
  if (issue === 'noHead') addError(errorsOf(rows[0]!.row), 'relationship', issue);
  else if (issue === 'severalHeads') {
    for (const r of rows) if (r.input.member.relationship === 'head') addError(errorsOf(r.row), 'relationship', issue);
  } else if (issue === 'khmerIdRepeated') {
    const first = new Map<string, number>();
    for (const r of rows) {
      const id = khmerIdKey(r.input.member.khmerId);
      if (!id) continue;
      const seen = first.get(id);
      if (seen === undefined) first.set(id, r.row);
      else addError(errorsOf(r.row), 'khmer_id', message('khmerIdInFile', { row: seen }));
    }
  } else {
    for (const r of rows) addError(errorsOf(r.row), 'household_ref', issue);
  }
}

function placeIssue(
  issue: z.core.$ZodIssue,
  rows: SourceRow[],
  merged: ReturnType<typeof mergeHousehold>,
  errorsOf: (row: number) => RowErrors,
  preErrors: (row: number) => RowErrors,
) {
  const [scope, index, field, sub] = issue.path;
  let row: number;
  let column: string;
  if (scope === 'members' && typeof index === 'number') {
    row = rows[index]!.row;
    column = field === 'disability' ? `wg_${String(sub)}` : (MEMBER_COLUMN[String(field)] ?? '_row');
  } else if (scope === 'members') {
    return placeMembersIssue(issue.message, rows, errorsOf);
  } else if (scope === 'household') {
    column = HOUSEHOLD_COLUMN[String(index)] ?? '_row';
    row = merged[column as HouseholdColumn]?.row ?? rows[0]!.row;
  } else {
    row = rows[0]!.row;
    column = '_row';
  }
  // One message per cell: the spreadsheet habit already reported, or the schema's first word on it.
  if (preErrors(row)[column] || errorsOf(row)[column]) return;
  addError(errorsOf(row), column, issue.message);
}

export function checkHousehold(ref: string, rows: SourceRow[]): CheckedHousehold {
  const errors = new Map<number, RowErrors>();
  const errorsOf = (row: number) => {
    let e = errors.get(row);
    if (!e) errors.set(row, (e = {}));
    return e;
  };
  const pre = new Map(rows.map((r) => [r.row, r.input.errors]));
  for (const r of rows)
    for (const [col, msgs] of Object.entries(r.input.errors)) for (const m of msgs) addError(errorsOf(r.row), col, m);

  const merged = mergeHousehold(rows, errorsOf);
  const household = {} as EnrolmentInput['household'];
  for (const col of HOUSEHOLD_COLUMNS)
    (household as Record<string, string>)[HOUSEHOLD_FIELD[col]] = merged[col]?.value ?? '';
  const parsed = enrolmentSchema.safeParse({
    household,
    members: rows.map((r) => r.input.member),
    confirmSimilar: false,
    khmerIdOverrideReason: '',
  } satisfies EnrolmentInput);
  if (!parsed.success)
    for (const issue of parsed.error.issues) placeIssue(issue, rows, merged, errorsOf, (row) => pre.get(row) ?? {});

  if (parsed.success) {
    // The same person twice in one household: the second row would only ever be skipped silently.
    const seen = new Map<string, number>();
    parsed.data.members.forEach((m, i) => {
      const key = JSON.stringify(m);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, rows[i]!.row);
      else addError(errorsOf(rows[i]!.row), '_row', message('rowRepeated', { row: first }));
    });
  }
  for (const [row, e] of errors) if (Object.keys(e).length === 0) errors.delete(row);
  return { ref, rows, data: parsed.success && errors.size === 0 ? parsed.data : null, errors };
}
