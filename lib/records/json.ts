import 'server-only';
import { db } from '@/db/client';
import type { OperatorUser } from '@/lib/auth/guards';
import { addressOf, findMember, householdRecord, type AddressUnit, type MemberView } from './read';

// The JSON form of the record pages (GET /api/v1/households/{id}, /api/v1/members/{id}). DTOs are
// built field by field: nothing internal (search keys, import keys, who may delete) leaves.

function unit(u: AddressUnit | undefined) {
  return u ? { code: u.code, nameKm: u.nameKm, nameLatin: u.nameLatin, retired: u.retired } : null;
}

function addressJson(villageCode: string, addressLine: string | null, units: AddressUnit[]) {
  const at = (level: AddressUnit['level']) => unit(units.find((u) => u.level === level));
  return {
    villageCode,
    addressLine,
    province: at('province'),
    district: at('district'),
    commune: at('commune'),
    village: at('village'),
  };
}

function memberJson(m: Omit<MemberView, 'withinDeleteWindow' | 'createdBy'>) {
  return {
    id: m.id,
    householdId: m.householdId,
    surnameKm: m.surnameKm,
    givenNameKm: m.givenNameKm,
    surnameLatin: m.surnameLatin,
    givenNameLatin: m.givenNameLatin,
    sex: m.sex,
    birthDate: m.birthDate,
    birthYear: m.birthYear,
    birthEstimated: m.birthEstimated,
    relationship: m.relationship,
    khmerId: m.khmerId,
    birthCertificateNo: m.birthCertificateNo,
    phone: m.phone,
    disability: m.disability,
    hasDisability: m.hasDisability,
    maritalStatus: m.maritalStatus,
    status: m.status,
    deathDate: m.deathDate,
    exitDate: m.exitDate,
    exitReason: m.exitReason,
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export async function householdJson(actor: OperatorUser, id: string) {
  const { household: h, address, members } = await householdRecord(actor, id);
  return {
    id: h.id,
    code: h.code,
    status: h.status,
    version: h.version,
    address: addressJson(h.villageCode, h.addressLine, address),
    idpoor: { number: h.idpoorNumber, level: h.idpoorLevel },
    phone: h.phone,
    notes: h.notes,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
    members: members.map(memberJson),
  };
}

export async function memberJsonOf(actor: OperatorUser, id: string) {
  const m = await findMember(actor, id);
  return {
    ...memberJson(m),
    household: {
      id: m.householdId,
      code: m.householdCode,
      address: addressJson(m.householdVillageCode, null, await addressOf(db(), m.householdVillageCode)),
    },
  };
}
