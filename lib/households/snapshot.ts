import type { HouseholdRow, MemberRow } from '@/db/schema';

// What the audit trail (and so the history pages) records of a household or a member:
// the fields a person entered, never the derived search keys.

export function householdSnapshot(
  h: Pick<
    HouseholdRow,
    'code' | 'villageCode' | 'addressLine' | 'idpoorNumber' | 'idpoorLevel' | 'phone' | 'notes' | 'status'
  >,
) {
  return {
    code: h.code,
    villageCode: h.villageCode,
    addressLine: h.addressLine,
    idpoorNumber: h.idpoorNumber,
    idpoorLevel: h.idpoorLevel,
    phone: h.phone,
    notes: h.notes,
    status: h.status,
  };
}

export function memberSnapshot(
  m: Omit<
    MemberRow,
    | 'id'
    | 'operatorId'
    | 'nameKmKey'
    | 'nameLatinKey'
    | 'version'
    | 'importKey'
    | 'createdBy'
    | 'createdAt'
    | 'updatedAt'
  >,
) {
  return {
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
    chronicIllness: m.chronicIllness,
    maritalStatus: m.maritalStatus,
    status: m.status,
    deathDate: m.deathDate,
    exitDate: m.exitDate,
    exitReason: m.exitReason,
  };
}
