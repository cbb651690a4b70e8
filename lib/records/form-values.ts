import { WG_DOMAINS, type Disability } from '@/lib/households/values';
import { emptyDisability, type MemberInput } from '@/lib/households/schemas';
import { nationalCambodianPhone } from '@/lib/text/phone';
import type { EditHouseholdInput } from './schemas';

// Stored values back into the strings a form holds, for the edit forms' defaults and for the
// "their values" side of a conflict. No server-only imports: the forms use these too.

export type HouseholdFormValues = EditHouseholdInput['household'];

export const HOUSEHOLD_FIELDS = [
  'villageCode',
  'addressLine',
  'idpoorNumber',
  'idpoorLevel',
  'phone',
  'notes',
] as const;
export const MEMBER_FIELDS = [
  'surnameKm',
  'givenNameKm',
  'surnameLatin',
  'givenNameLatin',
  'sex',
  'birthDate',
  'birthEstimated',
  'birthYear',
  'relationship',
  'khmerId',
  'birthCertificateNo',
  'phone',
  'maritalStatus',
  'disability',
  'chronicIllness',
] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];
export type MemberField = (typeof MEMBER_FIELDS)[number];

/**
 * "+85512345678" → "012 345 678", as people write it; anything else is shown as stored. (The phones of
 * households, members and payment details are Cambodian: their schemas accept no other.)
 */
export function nationalPhone(e164: string | null): string {
  if (!e164) return '';
  return nationalCambodianPhone(e164);
}

/** The six Washington Group answers in a fixed order (jsonb does not keep key order). */
export function canonicalDisability(d: Disability | null | undefined): MemberInput['disability'] {
  const empty = emptyDisability();
  return Object.fromEntries(WG_DOMAINS.map((k) => [k, d?.[k] ?? empty[k]])) as MemberInput['disability'];
}

export function householdFormValues(h: {
  villageCode: string;
  addressLine: string | null;
  idpoorNumber: string | null;
  idpoorLevel: number | null;
  phone: string | null;
  notes: string | null;
}): HouseholdFormValues {
  return {
    villageCode: h.villageCode,
    addressLine: h.addressLine ?? '',
    idpoorNumber: h.idpoorNumber ?? '',
    idpoorLevel: h.idpoorLevel === 1 ? '1' : h.idpoorLevel === 2 ? '2' : '',
    phone: nationalPhone(h.phone),
    notes: h.notes ?? '',
  };
}

export function memberFormValues(m: {
  surnameKm: string;
  givenNameKm: string;
  surnameLatin: string | null;
  givenNameLatin: string | null;
  sex: string;
  birthDate: string | null;
  birthEstimated: boolean;
  birthYear: number;
  relationship: string;
  khmerId: string | null;
  birthCertificateNo: string | null;
  phone: string | null;
  maritalStatus: string | null;
  disability: Disability | null;
  chronicIllness: boolean;
}): MemberInput {
  return {
    surnameKm: m.surnameKm,
    givenNameKm: m.givenNameKm,
    surnameLatin: m.surnameLatin ?? '',
    givenNameLatin: m.givenNameLatin ?? '',
    sex: m.sex as MemberInput['sex'],
    birthDate: m.birthDate ?? '',
    birthEstimated: m.birthEstimated,
    birthYear: m.birthEstimated ? String(m.birthYear) : '',
    relationship: m.relationship as MemberInput['relationship'],
    khmerId: m.khmerId ?? '',
    birthCertificateNo: m.birthCertificateNo ?? '',
    phone: nationalPhone(m.phone),
    maritalStatus: (m.maritalStatus ?? '') as MemberInput['maritalStatus'],
    disability: canonicalDisability(m.disability),
    chronicIllness: m.chronicIllness,
  };
}
