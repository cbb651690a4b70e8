import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { adminUnits, households, members, users } from '@/db/schema';
import type { UnitLevel } from '@/lib/gazetteer/levels';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { uuidSchema } from '@/lib/validation';

// What the record pages and the JSON API show. Every query is scoped to the actor's operator in
// its WHERE clause: another operator's id, an unknown id and a malformed id all read as NOT_FOUND.

export interface AddressUnit {
  level: UnitLevel;
  code: string;
  nameKm: string;
  nameLatin: string;
  typeKm: string;
  typeEn: string;
  /** Retired by a newer gazetteer edition: still shown on old records. */
  retired: boolean;
}

/** A record may be deleted (as a mistake) this long after it was created. */
export const DELETE_WINDOW_SQL = sql`interval '24 hours'`;

const householdColumns = {
  id: households.id,
  code: households.code,
  villageCode: households.villageCode,
  addressLine: households.addressLine,
  idpoorNumber: households.idpoorNumber,
  idpoorLevel: households.idpoorLevel,
  phone: households.phone,
  notes: households.notes,
  status: households.status,
  version: households.version,
  createdBy: households.createdBy,
  createdAt: households.createdAt,
  updatedAt: households.updatedAt,
  withinDeleteWindow: sql<boolean>`${households.createdAt} > now() - ${DELETE_WINDOW_SQL}`.as('within_delete_window'),
};

const memberColumns = {
  id: members.id,
  householdId: members.householdId,
  surnameKm: members.surnameKm,
  givenNameKm: members.givenNameKm,
  surnameLatin: members.surnameLatin,
  givenNameLatin: members.givenNameLatin,
  sex: members.sex,
  birthDate: members.birthDate,
  birthYear: members.birthYear,
  birthEstimated: members.birthEstimated,
  relationship: members.relationship,
  khmerId: members.khmerId,
  birthCertificateNo: members.birthCertificateNo,
  phone: members.phone,
  disability: members.disability,
  hasDisability: members.hasDisability,
  chronicIllness: members.chronicIllness,
  maritalStatus: members.maritalStatus,
  status: members.status,
  deathDate: members.deathDate,
  exitDate: members.exitDate,
  exitReason: members.exitReason,
  version: members.version,
  createdBy: members.createdBy,
  createdAt: members.createdAt,
  updatedAt: members.updatedAt,
  withinDeleteWindow: sql<boolean>`${members.createdAt} > now() - ${DELETE_WINDOW_SQL}`.as('within_delete_window'),
};

function assertId(id: string): void {
  if (!uuidSchema.safeParse(id).success) throw new DomainError('NOT_FOUND');
}

/** The four units of a village code, province first; units missing from the gazetteer are left out. */
export async function addressOf(tx: Db, villageCode: string): Promise<AddressUnit[]> {
  const codes = [2, 4, 6, 8].map((n) => villageCode.slice(0, n));
  const rows = await tx
    .select({
      level: adminUnits.level,
      code: adminUnits.code,
      nameKm: adminUnits.nameKm,
      nameLatin: adminUnits.nameLatin,
      typeKm: adminUnits.typeKm,
      typeEn: adminUnits.typeEn,
      retiredAt: adminUnits.retiredAt,
    })
    .from(adminUnits)
    .where(inArray(adminUnits.code, codes));
  return codes.flatMap((code) => {
    const r = rows.find((u) => u.code === code);
    if (!r) return [];
    const { retiredAt, level, ...names } = r;
    return [{ ...names, level: level as UnitLevel, retired: retiredAt !== null }];
  });
}

export async function findHousehold(actor: OperatorUser, id: string) {
  assertId(id);
  const [row] = await db()
    .select({ ...householdColumns, createdByName: users.name })
    .from(households)
    .leftJoin(users, eq(users.id, households.createdBy))
    .where(and(eq(households.id, id), ownedBy(households, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

/** Members of a household, the head first, then by year of birth. */
export async function householdMembers(actor: OperatorUser, householdId: string) {
  return db()
    .select(memberColumns)
    .from(members)
    .where(and(eq(members.householdId, householdId), ownedBy(members, actor)))
    .orderBy(sql`${members.relationship} = 'head' desc`, asc(members.birthYear), asc(members.createdAt));
}

export async function findMember(actor: OperatorUser, id: string) {
  assertId(id);
  const [row] = await db()
    .select({
      ...memberColumns,
      householdCode: households.code,
      householdVillageCode: households.villageCode,
      createdByName: users.name,
    })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .leftJoin(users, eq(users.id, members.createdBy))
    .where(and(eq(members.id, id), ownedBy(members, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}
export type MemberRecord = Awaited<ReturnType<typeof findMember>>;

export type HouseholdView = Awaited<ReturnType<typeof findHousehold>>;
export type MemberView = Awaited<ReturnType<typeof householdMembers>>[number];

/** Who may delete a record made by mistake: its creator or an operator administrator, within the window. */
export function canDelete(
  actor: OperatorUser,
  record: { createdBy: string | null; withinDeleteWindow: boolean },
): boolean {
  const enrols = actor.roles.includes('operator_admin') || actor.roles.includes('enrolment_officer');
  return (
    enrols && record.withinDeleteWindow && (record.createdBy === actor.id || actor.roles.includes('operator_admin'))
  );
}

/** The address of a record's village, for a page that has read the record already. */
export async function villageAddress(villageCode: string): Promise<AddressUnit[]> {
  return addressOf(db(), villageCode);
}

/** The household page: the household, its address and its members. */
export async function householdRecord(actor: OperatorUser, id: string) {
  const household = await findHousehold(actor, id);
  const [address, list] = await Promise.all([addressOf(db(), household.villageCode), householdMembers(actor, id)]);
  return { household, address, members: list };
}
