import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { adminUnits, households, members, type Relationship, type Sex } from '@/db/schema';
import { khmerKey, khmerNameKey, latinKey, latinNameKey } from '@/lib/text/normalise';

/** Two real villages in two provinces (Banteay Meanchey, Battambang), with their parents. */
export const VILLAGES = { a: '01020101', b: '02030102' } as const;

const UNITS: [code: string, nameKm: string, nameLatin: string][] = [
  ['01', 'បន្ទាយមានជ័យ', 'Banteay Meanchey'],
  ['0102', 'មង្គលបូរី', 'Mongkol Borei'],
  ['010201', 'បន្ទាយនាង', 'Banteay Neang'],
  ['01020101', 'អូរធំ', 'Ou Thum'],
  ['02', 'បាត់ដំបង', 'Battambang'],
  ['0203', 'បាណន់', 'Banan'],
  ['020301', 'កន្ទឺ ១', 'Kantueu Muoy'],
  ['02030102', 'ស្វាយធំ', 'Svay Thum'],
];
const LEVELS = { 2: 'province', 4: 'district', 6: 'commune', 8: 'village' } as const;

export async function seedVillages(): Promise<void> {
  await db()
    .insert(adminUnits)
    .values(
      UNITS.map(([code, nameKm, nameLatin]) => ({
        code,
        level: LEVELS[code.length as keyof typeof LEVELS],
        parentCode: code.length > 2 ? code.slice(0, -2) : null,
        nameKm,
        nameLatin,
        typeKm: 'ភូមិ',
        typeLatin: 'Phum',
        typeEn: 'Village',
        nameKmKey: khmerKey(nameKm),
        nameLatinKey: latinKey(nameLatin),
      })),
    )
    .onConflictDoNothing();
}

export async function makeHousehold(
  operatorId: string,
  o: { code?: string; village?: string; idpoorNumber?: string; phone?: string } = {},
) {
  const [row] = await db()
    .insert(households)
    .values({
      operatorId,
      code: o.code ?? `T-${randomUUID().slice(0, 8)}`,
      villageCode: o.village ?? VILLAGES.a,
      idpoorNumber: o.idpoorNumber ?? null,
      idpoorLevel: o.idpoorNumber ? 1 : null,
      phone: o.phone ?? null,
    })
    .returning();
  return row!;
}

export interface MemberSeed {
  surnameKm: string;
  givenNameKm: string;
  surnameLatin?: string | null;
  givenNameLatin?: string | null;
  sex?: Sex;
  birthDate?: string | null;
  birthYear?: number;
  khmerId?: string | null;
  phone?: string | null;
  hasDisability?: boolean;
  status?: 'active' | 'deceased' | 'exited';
  relationship?: Relationship;
}

/** Members as an enrolment would store them: keys computed by lib/text/normalise.ts. */
export function memberRow(operatorId: string, householdId: string, m: MemberSeed) {
  const birthYear = m.birthYear ?? (m.birthDate ? Number(m.birthDate.slice(0, 4)) : 1990);
  return {
    operatorId,
    householdId,
    surnameKm: m.surnameKm,
    givenNameKm: m.givenNameKm,
    surnameLatin: m.surnameLatin ?? null,
    givenNameLatin: m.givenNameLatin ?? null,
    nameKmKey: khmerNameKey(m.surnameKm, m.givenNameKm),
    nameLatinKey: latinNameKey(m.surnameLatin, m.givenNameLatin),
    sex: m.sex ?? 'F',
    birthDate: m.birthDate ?? null,
    birthYear,
    birthEstimated: !m.birthDate,
    relationship: m.relationship ?? 'head',
    khmerId: m.khmerId ?? null,
    phone: m.phone ?? null,
    hasDisability: m.hasDisability ?? false,
    status: m.status ?? 'active',
  };
}

export async function makeMembers(operatorId: string, householdId: string, seeds: MemberSeed[]) {
  if (!seeds.length) return [];
  return db()
    .insert(members)
    .values(seeds.map((m) => memberRow(operatorId, householdId, m)))
    .returning();
}
