import { db } from '@/db/client';
import { adminUnits } from '@/db/schema';
import { emptyMember, type EnrolmentInput, type MemberInput } from '@/lib/households/schemas';
import { khmerKey, latinKey } from '@/lib/text/normalise';

// A real chain of units from the national gazetteer (Banteay Meanchey › Mongkol Borei › Banteay Neang › Ou Thum).
export const VILLAGE = '01020101';
export const OTHER_VILLAGE_SAME_COMMUNE = '01020102';
export const VILLAGE_ELSEWHERE = '12010101';

const UNITS: [string, string, string, string, string][] = [
  ['01', 'province', 'បន្ទាយមានជ័យ', 'Banteay Meanchey', 'ខេត្ត'],
  ['0102', 'district', 'មង្គលបូរី', 'Mongkol Borei', 'ស្រុក'],
  ['010201', 'commune', 'បន្ទាយនាង', 'Banteay Neang', 'ឃុំ'],
  ['01020101', 'village', 'អូរធំ', 'Ou Thum', 'ភូមិ'],
  ['01020102', 'village', 'ភ្នំ', 'Phnum', 'ភូមិ'],
  ['12', 'province', 'ភ្នំពេញ', 'Phnom Penh', 'រាជធានី'],
  ['1201', 'district', 'ចំការមន', 'Chamkar Mon', 'ខណ្ឌ'],
  ['120101', 'commune', 'ទន្លេបាសាក់', 'Tonle Basak', 'សង្កាត់'],
  ['12010101', 'village', 'ភូមិ ១', 'Phum 1', 'ភូមិ'],
];

/** Inserts the few units tests need (no-op when present). */
export async function ensureUnits(): Promise<void> {
  await db()
    .insert(adminUnits)
    .values(
      UNITS.map(([code, level, nameKm, nameLatin, typeKm]) => ({
        code,
        level,
        parentCode: code.length > 2 ? code.slice(0, -2) : null,
        nameKm,
        nameLatin,
        typeKm,
        typeLatin: typeKm,
        typeEn: level,
        nameKmKey: khmerKey(nameKm),
        nameLatinKey: latinKey(nameLatin),
      })),
    )
    .onConflictDoNothing();
}

let seq = 0;
/** A distinct, valid Khmer ID for each call. */
export function khmerId(): string {
  seq += 1;
  return String(100_000_000 + (((Date.now() % 1_000_000) * 37 + seq * 7919) % 899_999_999)).padStart(9, '0');
}

export function member(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    ...emptyMember(),
    surnameKm: 'សុខ',
    givenNameKm: 'ដារ៉ា',
    surnameLatin: 'Sok',
    givenNameLatin: 'Dara',
    sex: 'M',
    birthDate: '1980-05-17',
    maritalStatus: 'married',
    ...overrides,
  };
}

export function householdOfThree(overrides: Partial<EnrolmentInput['household']> = {}): EnrolmentInput {
  return {
    household: {
      villageCode: VILLAGE,
      addressLine: 'ផ្ទះលេខ ១២',
      idpoorNumber: '01020101-0042',
      idpoorLevel: '1',
      phone: '012 345 678',
      notes: '',
      ...overrides,
    },
    members: [
      member({ khmerId: khmerId() }),
      member({
        surnameKm: 'ចាន់',
        givenNameKm: 'សុភា',
        surnameLatin: 'Chan',
        givenNameLatin: 'Sophea',
        sex: 'F',
        birthDate: '1984-02-29',
        relationship: 'spouse',
        khmerId: khmerId(),
        phone: '097 712 3456',
      }),
      member({
        surnameKm: 'ដារ៉ា',
        givenNameKm: 'វិចិត្រ',
        surnameLatin: 'Dara',
        givenNameLatin: 'Vichet',
        birthDate: '',
        birthEstimated: true,
        birthYear: '2015',
        relationship: 'child',
        maritalStatus: '',
        birthCertificateNo: 'BC-2015-0099',
      }),
    ],
    confirmSimilar: false,
    khmerIdOverrideReason: '',
  };
}
