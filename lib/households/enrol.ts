import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { adminUnits, households, members } from '@/db/schema';
import { writeAudits, type AuditEntry } from '@/lib/audit/write';
import { enqueueMemberChanges } from '@/lib/registry/outbox';
import type { OperatorUser } from '@/lib/auth/guards';
import { assignHouseholdCode, provisionalCode } from '@/lib/codes/reserve';
import { DomainError } from '@/lib/errors';
import { khmerNameKey, latinNameKey } from '@/lib/text/normalise';
import { sameKhmerId, similarPeople, type DuplicateCandidate } from './dedupe';
import { lockKhmerIds } from './khmer-id-lock';
import type { EnrolmentData, MemberData } from './schemas';
import { householdSnapshot, memberSnapshot } from './snapshot';

export type EnrolResult =
  | { status: 'saved'; householdId: string; code: string }
  | { status: 'duplicates'; sameKhmerId: DuplicateCandidate[]; similar: DuplicateCandidate[]; canOverride: boolean };

/** The village must exist in the gazetteer and not be retired. */
export async function assertVillage(tx: Db, villageCode: string, field = 'household.villageCode'): Promise<void> {
  const [v] = await tx
    .select({ code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, villageCode), eq(adminUnits.level, 'village'), isNull(adminUnits.retiredAt)));
  if (!v) throw new DomainError('INVALID', 'unknownVillage', { [field]: ['unknownVillage'] });
}

export function memberValues(m: MemberData) {
  return {
    surnameKm: m.surnameKm,
    givenNameKm: m.givenNameKm,
    surnameLatin: m.surnameLatin,
    givenNameLatin: m.givenNameLatin,
    nameKmKey: khmerNameKey(m.surnameKm, m.givenNameKm),
    nameLatinKey: latinNameKey(m.surnameLatin, m.givenNameLatin),
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
    chronicIllness: m.chronicIllness,
    maritalStatus: m.maritalStatus,
  };
}

/**
 * Enrols a household and its members in one transaction, after looking for duplicates within the
 * operator: the same Khmer ID blocks (an operator administrator may override with a reason);
 * similar people are returned for the officer to confirm.
 */
export async function enrolHousehold(actor: OperatorUser, data: EnrolmentData): Promise<EnrolResult> {
  const canOverride = actor.roles.includes('operator_admin');
  return db().transaction(async (tx) => {
    await lockKhmerIds(
      tx,
      actor,
      data.members.map((m) => m.khmerId),
    );
    await assertVillage(tx, data.household.villageCode);
    const exact = await sameKhmerId(tx, actor, data.members);
    const overriding = exact.length > 0 && canOverride && Boolean(data.khmerIdOverrideReason);
    if (exact.length > 0 && !overriding) {
      if (data.khmerIdOverrideReason && !canOverride) throw new DomainError('FORBIDDEN', 'overrideNotAllowed');
      return { status: 'duplicates', sameKhmerId: exact, similar: [], canOverride };
    }
    const similar = (await similarPeople(tx, actor, data.household.villageCode.slice(0, 6), data.members)).filter(
      (c) => !exact.some((e) => e.memberId === c.memberId),
    );
    if (similar.length > 0 && !data.confirmSimilar)
      return { status: 'duplicates', sameKhmerId: [], similar, canOverride };

    // The household's code is reserved last (assignHouseholdCode): the operator's code counter is
    // locked from then until commit, and every enrolment of the operator waits for it.
    const id = randomUUID();
    const [row] = await tx
      .insert(households)
      .values({ ...data.household, id, operatorId: actor.operatorId, code: provisionalCode(id), createdBy: actor.id })
      .returning();
    const inserted = await tx
      .insert(members)
      .values(
        data.members.map((m) => ({
          ...memberValues(m),
          operatorId: actor.operatorId,
          householdId: id,
          createdBy: actor.id,
        })),
      )
      .returning();
    // Same transaction: a member is never enrolled without its registry outbox row, nor the reverse.
    await enqueueMemberChanges(tx, inserted, actor.id);
    const code = await assignHouseholdCode(tx, actor, id);
    const household = { ...row!, code };
    const base = { operatorId: actor.operatorId, actorId: actor.id };
    const entries: AuditEntry[] = [
      {
        ...base,
        action: 'household.create',
        entityType: 'household',
        entityId: id,
        after: householdSnapshot(household),
      },
      ...inserted.map((m) => ({
        ...base,
        action: 'member.create',
        entityType: 'member',
        entityId: m.id,
        after: memberSnapshot(m),
      })),
    ];
    if (overriding) {
      for (const e of exact) {
        entries.push({
          ...base,
          action: 'member.khmer_id_override',
          entityType: 'member',
          entityId: inserted[e.index]!.id,
          after: { khmerId: e.khmerId, existingMemberId: e.memberId, reason: data.khmerIdOverrideReason },
        });
      }
    }
    if (similar.length > 0) {
      entries.push({
        ...base,
        action: 'household.duplicates_confirmed',
        entityType: 'household',
        entityId: id,
        after: {
          candidates: similar.map((c) => ({
            newMemberId: inserted[c.index]!.id,
            existingMemberId: c.memberId,
            reason: c.reason,
          })),
        },
      });
    }
    await writeAudits(tx, entries);
    return { status: 'saved', householdId: id, code };
  });
}
