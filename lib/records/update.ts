import 'server-only';
import { enqueueMemberChange } from '@/lib/registry/outbox';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { households, members, type HouseholdRow, type MemberRow } from '@/db/schema';
import { diff, writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { sameKhmerId } from '@/lib/households/dedupe';
import { assertVillage, memberValues } from '@/lib/households/enrol';
import { lockKhmerIds } from '@/lib/households/khmer-id-lock';
import type { MemberInput } from '@/lib/households/schemas';
import {
  canonicalDisability,
  HOUSEHOLD_FIELDS,
  householdFormValues,
  MEMBER_FIELDS,
  memberFormValues,
  type HouseholdFormValues,
} from './form-values';
import type { EditHouseholdData, EditMemberData } from './schemas';

/**
 * Corrections with optimistic concurrency. The form carries the version it was loaded at; the
 * UPDATE applies only to that version and bumps it. When someone saved in between, nothing is
 * written: the caller gets the record as it now is and the fields where it differs from what
 * they typed, so they can decide — never a silent overwrite.
 */
export type SaveResult<V> =
  { status: 'saved'; version: number } | { status: 'conflict'; version: number; current: V; fields: string[] };

type Stored = Record<string, unknown>;

function differing(fields: readonly string[], current: Stored, submitted: Stored): string[] {
  return fields.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(submitted[f]));
}

function householdStored(h: Pick<HouseholdRow, (typeof HOUSEHOLD_FIELDS)[number]>): Stored {
  return Object.fromEntries(HOUSEHOLD_FIELDS.map((f) => [f, h[f]]));
}

function memberStored(m: Pick<MemberRow, (typeof MEMBER_FIELDS)[number]>): Stored {
  const out: Stored = Object.fromEntries(MEMBER_FIELDS.map((f) => [f, m[f]]));
  out.disability = canonicalDisability(m.disability);
  return out;
}

async function currentHousehold(tx: Db, actor: OperatorUser, id: string): Promise<HouseholdRow> {
  const [row] = await tx
    .select()
    .from(households)
    .where(and(eq(households.id, id), ownedBy(households, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

export async function updateHousehold(
  actor: OperatorUser,
  data: EditHouseholdData,
): Promise<SaveResult<HouseholdFormValues>> {
  return db().transaction(async (tx) => {
    const before = await currentHousehold(tx, actor, data.householdId);
    const next = data.household;
    const conflict = (row: HouseholdRow) => ({
      status: 'conflict' as const,
      version: row.version,
      current: householdFormValues(row),
      fields: differing(HOUSEHOLD_FIELDS, householdStored(row), next),
    });
    if (before.version !== data.version) return conflict(before);
    // A retired village stays on a record that keeps it; only a newly chosen one must be current.
    if (next.villageCode !== before.villageCode) await assertVillage(tx, next.villageCode);
    const d = diff(householdStored(before), next);
    if (!d.changed) return { status: 'saved', version: before.version };
    const [updated] = await tx
      .update(households)
      .set({ ...next, version: sql`${households.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(households.id, before.id), ownedBy(households, actor), eq(households.version, data.version)))
      .returning({ version: households.version });
    if (!updated) return conflict(await currentHousehold(tx, actor, before.id));
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'household.update',
      entityType: 'household',
      entityId: before.id,
      before: d.before,
      after: d.after,
    });
    return { status: 'saved', version: updated.version };
  });
}

async function currentMember(tx: Db, actor: OperatorUser, id: string): Promise<MemberRow> {
  const [row] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, id), ownedBy(members, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

/** The head is changed only by "change the head", which keeps exactly one head per household. */
function assertHeadUnchanged(before: MemberRow, relationship: string): void {
  if ((before.relationship === 'head') !== (relationship === 'head')) {
    throw new DomainError('INVALID', 'useChangeHead', { 'member.relationship': ['useChangeHead'] });
  }
}

export async function updateMember(actor: OperatorUser, data: EditMemberData): Promise<SaveResult<MemberInput>> {
  return db().transaction(async (tx) => {
    await lockKhmerIds(tx, actor, [data.member.khmerId]);
    const before = await currentMember(tx, actor, data.memberId);
    const values = memberValues(data.member);
    const next = { ...values, disability: canonicalDisability(values.disability) };
    const conflict = (row: MemberRow) => ({
      status: 'conflict' as const,
      version: row.version,
      current: memberFormValues(row),
      fields: differing(MEMBER_FIELDS, memberStored(row), next),
    });
    if (before.version !== data.version) return conflict(before);
    assertHeadUnchanged(before, next.relationship);
    if (
      next.khmerId &&
      next.khmerId !== before.khmerId &&
      (await sameKhmerId(tx, actor, [data.member], before.id)).length > 0
    ) {
      throw new DomainError('INVALID', 'khmerIdTaken', { 'member.khmerId': ['khmerIdTaken'] });
    }
    // Only the fields a person entered go to the trail, never the derived search keys.
    const d = diff(memberStored(before), Object.fromEntries(MEMBER_FIELDS.map((f) => [f, next[f]])));
    if (!d.changed) return { status: 'saved', version: before.version };
    const [updated] = await tx
      .update(members)
      .set({ ...next, version: sql`${members.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(members.id, before.id), ownedBy(members, actor), eq(members.version, data.version)))
      .returning({ version: members.version });
    if (!updated) return conflict(await currentMember(tx, actor, before.id));
    // The registry gets the new version through the outbox, committed with the change.
    await enqueueMemberChange(tx, { id: before.id, operatorId: actor.operatorId, version: updated.version }, actor.id);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'member.update',
      entityType: 'member',
      entityId: before.id,
      before: d.before,
      after: d.after,
    });
    return { status: 'saved', version: updated.version };
  });
}
