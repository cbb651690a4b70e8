// Benchmark inputs, drawn deterministically from the generated rows and typed the way people type:
// fragments, reversed and misspelt Latin names, local phone numbers, lower-case codes.
import type postgres from 'postgres';
import type { Locale } from '@/db/schema/accounts';
import type { Tenant } from '@/lib/auth/scope';
import type { SearchParamsInput } from '@/lib/search/schema';

export interface Sample {
  params: SearchParamsInput;
  locale?: Locale;
  secondPage?: boolean;
}

interface MemberSample {
  surname_km: string;
  given_name_km: string;
  surname_latin: string | null;
  given_name_latin: string | null;
  khmer_id: string | null;
  phone: string | null;
  code: string;
  idpoor_number: string | null;
  village_code: string;
  sex: 'F' | 'M';
}

/** A misspelling a person might type: a doubled consonant, a dropped or an added h. */
function misspell(word: string, i: number): string {
  switch (i % 3) {
    case 0:
      return word.replace(/([bcdkmnprstv])/, '$1$1');
    case 1:
      return word.endsWith('h') ? word.slice(0, -1) : `${word}h`;
    default:
      return word.replace(/k(?!h)/, 'kh');
  }
}

function latinInput(m: MemberSample, i: number): string {
  const surname = m.surname_latin ?? '';
  const given = m.given_name_latin ?? '';
  switch (i % 4) {
    case 0:
      return `${given} ${surname}`;
    case 1:
      return `${surname} ${misspell(given, i)}`;
    case 2:
      return given.slice(0, 3 + (i % 2));
    default:
      return misspell(given, i + 1).toLowerCase();
  }
}

function khmerInput(m: MemberSample, i: number): string {
  switch (i % 4) {
    case 0:
      return m.surname_km;
    case 1:
      return m.given_name_km.replace('\u17D2\u178F', '\u17D2\u178A');
    case 2:
      return `${m.surname_km} \u200B${m.given_name_km}`;
    // Type-ahead: the first letters of the given name.
    default:
      return [...m.given_name_km].slice(0, 2 + (i % 3)).join('');
  }
}

function localPhone(e164: string): string {
  const national = `0${e164.slice(4)}`;
  return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
}

const AGE_RANGES: [number, number][] = [
  [0, 4],
  [60, 130],
  [15, 49],
  [18, 35],
];

function filtersOnly(m: MemberSample, i: number): SearchParamsInput {
  switch (i % 5) {
    case 0:
      return { province: m.village_code.slice(0, 2), sex: m.sex };
    case 1:
      return { district: m.village_code.slice(0, 4), status: 'active' };
    case 2:
      return { village: m.village_code };
    case 3:
      return { ageMin: AGE_RANGES[i % 4]![0], ageMax: AGE_RANGES[i % 4]![1], disability: 'true' };
    default:
      return { commune: m.village_code.slice(0, 6), ageMin: 60 };
  }
}

// The benchmark's own postgres.js connection, not drizzle: tenantOf (a drizzle fragment) cannot go
// in this template, so the operator's id is the parameter; it still comes from the benchmark's actor.
export async function inputsFor(sql: postgres.Sql, actor: Tenant, n: number): Promise<Record<string, Sample[]>> {
  const rows = await sql<MemberSample[]>`
    select m.surname_km, m.given_name_km, m.surname_latin, m.given_name_latin, m.khmer_id, m.phone, m.sex,
      h.code, h.idpoor_number, h.village_code
    from members m join households h on h.id = m.household_id
    where m.operator_id = ${actor.operatorId} and (hashtext(m.id::text) & 255) = 7
    order by md5(m.id::text) limit ${n * 8}`;
  const take = (pick: (m: MemberSample, i: number) => Sample | null) =>
    rows
      .map((m, i) => pick(m, i))
      .filter((s): s is Sample => s !== null)
      .slice(0, n);
  const withLatin = (m: MemberSample) => m.surname_latin !== null && m.given_name_latin !== null;
  return {
    khmerName: take((m, i) => ({ params: { q: khmerInput(m, i) } })),
    latinName: take((m, i) => (withLatin(m) ? { params: { q: latinInput(m, i) } } : null)),
    'latinName (en)': take((m, i) => (withLatin(m) ? { params: { q: latinInput(m, i) }, locale: 'en' } : null)),
    khmerId: take((m) => (m.khmer_id ? { params: { q: m.khmer_id } } : null)),
    phone: take((m) => (m.phone ? { params: { q: localPhone(m.phone) } } : null)),
    householdCode: take((m, i) => ({ params: { q: i % 2 ? m.code.toLowerCase() : m.code } })),
    idpoor: take((m) => (m.idpoor_number ? { params: { q: m.idpoor_number } } : null)),
    'filters only': take((m, i) => ({ params: filtersOnly(m, i) })),
    'filters only (en)': take((m, i) => ({ params: filtersOnly(m, i), locale: 'en' })),
    'khmerName + filters': take((m, i) => ({
      params: { q: m.given_name_km, province: m.village_code.slice(0, 2), sex: m.sex, ageMin: i % 2 ? 18 : undefined },
    })),
    'latinName + filters': take((m, i) =>
      withLatin(m) ? { params: { q: latinInput(m, i), district: m.village_code.slice(0, 4) } } : null,
    ),
    'khmerName page 2': take((m, i) => ({ params: { q: khmerInput(m, i) }, secondPage: true })),
  };
}
