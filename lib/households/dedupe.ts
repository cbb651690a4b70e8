import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { households, members } from '@/db/schema';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { khmerNameKey, latinNameKey } from '@/lib/text/normalise';
import type { MemberData } from './schemas';

export interface DuplicateCandidate {
  /** Index of the new member in the submitted list. */
  index: number;
  memberId: string;
  householdId: string;
  householdCode: string;
  surnameKm: string;
  givenNameKm: string;
  surnameLatin: string | null;
  givenNameLatin: string | null;
  sex: string;
  birthDate: string | null;
  birthYear: number;
  khmerId: string | null;
  reason: 'khmerId' | 'khmerName' | 'similarKhmerName' | 'latinName';
}

// Thresholds for pg_trgm similarity: a Khmer name this close is "a close one"; the Latin
// spelling is a weaker signal, so it needs to be closer.
export const KHMER_SIMILAR = 0.5;
export const LATIN_SIMILAR = 0.7;

const candidateColumns = {
  memberId: members.id,
  householdId: members.householdId,
  householdCode: households.code,
  surnameKm: members.surnameKm,
  givenNameKm: members.givenNameKm,
  surnameLatin: members.surnameLatin,
  givenNameLatin: members.givenNameLatin,
  sex: members.sex,
  birthDate: members.birthDate,
  birthYear: members.birthYear,
  khmerId: members.khmerId,
};

/** Members of this operator holding one of these Khmer IDs: the save is blocked. */
export async function sameKhmerId(
  tx: Db,
  actor: Tenant,
  list: MemberData[],
  excludeMemberId?: string,
): Promise<DuplicateCandidate[]> {
  const ids = list.map((m) => m.khmerId).filter((v): v is string => Boolean(v));
  if (ids.length === 0) return [];
  const rows = await tx
    .select(candidateColumns)
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(
      and(
        ownedBy(members, actor),
        inArray(members.khmerId, ids),
        excludeMemberId ? sql`${members.id} <> ${excludeMemberId}` : undefined,
      ),
    );
  return rows.map((r) => ({ ...r, index: list.findIndex((m) => m.khmerId === r.khmerId), reason: 'khmerId' as const }));
}

/**
 * People who may be the same: same sex, born within a year (the same year when either date is
 * estimated), an address in the same commune, and the same or a close normalised Khmer name —
 * or, more weakly, a close Latin name in any word order.
 */
export async function similarPeople(
  tx: Db,
  actor: Tenant,
  communeCode: string,
  list: MemberData[],
  excludeMemberId?: string,
): Promise<DuplicateCandidate[]> {
  const out: DuplicateCandidate[] = [];
  for (const [index, m] of list.entries()) {
    const key = khmerNameKey(m.surnameKm, m.givenNameKm);
    const latin = latinNameKey(m.surnameLatin, m.givenNameLatin);
    const kmSim = sql<number>`similarity(${members.nameKmKey}, ${key})`;
    // 0::real: a bare 0 would make PostgreSQL type the 0.7 threshold parameter as an integer and fail.
    const latinSim = latin
      ? sql<number>`similarity(coalesce(${members.nameLatinKey}, ''), ${latin})`
      : sql<number>`0::real`;
    const birth =
      m.birthEstimated || !m.birthDate
        ? sql`${members.birthYear} = ${m.birthYear}`
        : sql`(case when ${members.birthEstimated} or ${members.birthDate} is null then ${members.birthYear} = ${m.birthYear}
              else abs(${members.birthDate} - ${m.birthDate}::date) <= 366 end)`;
    const rows = await tx
      .select({ ...candidateColumns, kmSim, latinSim })
      .from(members)
      .innerJoin(households, eq(households.id, members.householdId))
      .where(
        and(
          ownedBy(members, actor),
          ownedBy(households, actor),
          // The commune as the range of its villages' codes (8 digits: the commune's 6, then 2), on the
          // member's own village_code: with sex and birth year, one range of members_dedupe_idx, so
          // the check reads the few people it compares however large the commune's register grows.
          // (Reading the commune's households first took 48 ms, then 5, then 60 as they grew.)
          eq(members.sex, m.sex),
          sql`${members.birthYear} between ${m.birthYear - 1} and ${m.birthYear + 1}`,
          sql`${members.villageCode} between ${`${communeCode}00`} and ${`${communeCode}99`}`,
          birth,
          sql`(${members.nameKmKey} = ${key} or ${kmSim} >= ${KHMER_SIMILAR} or ${latinSim} >= ${LATIN_SIMILAR})`,
          excludeMemberId ? sql`${members.id} <> ${excludeMemberId}` : undefined,
        ),
      )
      .limit(20);
    for (const { kmSim: similarity, latinSim: _latin, ...candidate } of rows) {
      const reason =
        khmerNameKey(candidate.surnameKm, candidate.givenNameKm) === key
          ? 'khmerName'
          : Number(similarity) >= KHMER_SIMILAR
            ? 'similarKhmerName'
            : 'latinName';
      out.push({ ...candidate, index, reason });
    }
  }
  return out;
}
