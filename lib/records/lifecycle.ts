import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { households, members, type MemberRow } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { endBenefitsOfMember, followMovedMember } from '@/lib/programmes/enrolment-end';
import { enqueueMemberChanges } from '@/lib/registry/outbox';
import type { ChangeHeadData, MoveMemberData, RecordDeathData, RecordExitData } from './schemas';

// Moves, head changes, deaths and exits: each one transaction with its audit rows, on rows locked
// first so that two officers acting at once see each other's result. Each bumps the member's
// version, so an edit form opened before it meets a conflict instead of undoing it.

async function lockMember(tx: Db, actor: OperatorUser, id: string): Promise<MemberRow> {
  const [row] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, id), ownedBy(members, actor)))
    .for('update');
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

function assertActive(m: MemberRow): void {
  if (m.status !== 'active') throw new DomainError('INVALID', 'memberNotActive');
}

/** An event of a person's life cannot come before their birth (their birth year when only that is known). */
function notBeforeBirth(m: MemberRow, date: string): boolean {
  return m.birthDate ? date >= m.birthDate : Number(date.slice(0, 4)) >= m.birthYear;
}

const bump = { version: sql`${members.version} + 1`, updatedAt: sql`now()` };

/** Queues the changed members' new versions for the registry, in the change's transaction. */
async function requeue(tx: Db, actor: OperatorUser, ids: string[]): Promise<void> {
  const rows = await tx
    .select({ id: members.id, version: members.version })
    .from(members)
    .where(and(inArray(members.id, ids), ownedBy(members, actor)));
  await enqueueMemberChanges(
    tx,
    rows.map((r) => ({ ...r, operatorId: actor.operatorId })),
    actor.id,
  );
}
const audit = (actor: OperatorUser) => ({ operatorId: actor.operatorId, actorId: actor.id });

export async function moveMember(actor: OperatorUser, data: MoveMemberData): Promise<{ householdId: string }> {
  return db().transaction(async (tx) => {
    const m = await lockMember(tx, actor, data.memberId);
    assertActive(m);
    // The household would be left without its head: a new head is chosen first.
    if (m.relationship === 'head') throw new DomainError('INVALID', 'moveHeadFirst');
    const [target] = await tx
      .select({ id: households.id, status: households.status })
      .from(households)
      .where(and(eq(households.code, data.householdCode), ownedBy(households, actor)))
      .for('share');
    if (!target) throw new DomainError('INVALID', 'householdCodeUnknown', { householdCode: ['householdCodeUnknown'] });
    if (target.id === m.householdId)
      throw new DomainError('INVALID', 'sameHousehold', { householdCode: ['sameHousehold'] });
    if (target.status !== 'active')
      throw new DomainError('INVALID', 'householdClosed', { householdCode: ['householdClosed'] });
    await tx
      .update(members)
      .set({ householdId: target.id, relationship: data.relationship, ...bump })
      .where(eq(members.id, m.id));
    // Their own benefits go with them; the former household's no longer name them as collecting.
    await followMovedMember(tx, actor, { id: m.id, from: m.householdId, to: target.id });
    await requeue(tx, actor, [m.id]);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'member.move',
      entityType: 'member',
      entityId: m.id,
      before: { householdId: m.householdId, relationship: m.relationship },
      after: { householdId: target.id, relationship: data.relationship },
    });
    return { householdId: target.id };
  });
}

/** A new head; the former head(s) take the relationship the officer gives. Exactly one head remains. */
export async function changeHead(actor: OperatorUser, data: ChangeHeadData): Promise<null> {
  return db().transaction(async (tx) => {
    // Locking the household serialises head changes of one household.
    const [h] = await tx
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.id, data.householdId), ownedBy(households, actor)))
      .for('update');
    if (!h) throw new DomainError('NOT_FOUND');
    const list = await tx
      .select()
      .from(members)
      .where(and(eq(members.householdId, h.id), ownedBy(members, actor)))
      .for('update');
    const next = list.find((m) => m.id === data.newHeadId);
    if (!next) throw new DomainError('INVALID', 'notAMember', { newHeadId: ['notAMember'] });
    if (next.status !== 'active')
      throw new DomainError('INVALID', 'memberNotActive', { newHeadId: ['memberNotActive'] });
    if (next.relationship === 'head') throw new DomainError('INVALID', 'alreadyHead', { newHeadId: ['alreadyHead'] });
    const former = list.filter((m) => m.relationship === 'head');
    for (const m of former) {
      await tx
        .update(members)
        .set({ relationship: data.formerHeadRelationship, ...bump })
        .where(eq(members.id, m.id));
      await requeue(tx, actor, [m.id]);
      await writeAudit(tx, {
        ...audit(actor),
        action: 'member.update',
        entityType: 'member',
        entityId: m.id,
        before: { relationship: 'head' },
        after: { relationship: data.formerHeadRelationship },
      });
    }
    await tx
      .update(members)
      .set({ relationship: 'head', ...bump })
      .where(eq(members.id, next.id));
    await requeue(tx, actor, [next.id]);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'member.update',
      entityType: 'member',
      entityId: next.id,
      before: { relationship: next.relationship },
      after: { relationship: 'head' },
    });
    await writeAudit(tx, {
      ...audit(actor),
      action: 'household.head_change',
      entityType: 'household',
      entityId: h.id,
      before: { headMemberId: former[0]?.id ?? null },
      after: { headMemberId: next.id },
    });
    const [heads] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(members)
      .where(and(eq(members.householdId, h.id), eq(members.relationship, 'head')));
    // Cannot happen after the checks above; if it did, the whole change rolls back.
    if (heads?.n !== 1) throw new Error(`household ${h.id} would have ${heads?.n} heads`);
    return null;
  });
}

export async function recordDeath(actor: OperatorUser, data: RecordDeathData): Promise<null> {
  return db().transaction(async (tx) => {
    const m = await lockMember(tx, actor, data.memberId);
    assertActive(m);
    if (!notBeforeBirth(m, data.deathDate))
      throw new DomainError('INVALID', 'beforeBirth', { deathDate: ['beforeBirth'] });
    await tx
      .update(members)
      .set({ status: 'deceased', deathDate: data.deathDate, ...bump })
      .where(eq(members.id, m.id));
    // The person's benefits end with them, in this transaction (and the household's with its last member).
    await endBenefitsOfMember(tx, actor, m, 'death', data.deathDate);
    await requeue(tx, actor, [m.id]);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'member.death',
      entityType: 'member',
      entityId: m.id,
      before: { status: m.status, deathDate: m.deathDate },
      after: { status: 'deceased', deathDate: data.deathDate },
    });
    return null;
  });
}

export async function recordExit(actor: OperatorUser, data: RecordExitData): Promise<null> {
  return db().transaction(async (tx) => {
    const m = await lockMember(tx, actor, data.memberId);
    assertActive(m);
    if (!notBeforeBirth(m, data.exitDate))
      throw new DomainError('INVALID', 'beforeBirth', { exitDate: ['beforeBirth'] });
    await tx
      .update(members)
      .set({ status: 'exited', exitDate: data.exitDate, exitReason: data.reason, ...bump })
      .where(eq(members.id, m.id));
    await endBenefitsOfMember(tx, actor, m, 'exit', data.exitDate);
    await requeue(tx, actor, [m.id]);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'member.exit',
      entityType: 'member',
      entityId: m.id,
      before: { status: m.status, exitDate: m.exitDate, exitReason: m.exitReason },
      after: { status: 'exited', exitDate: data.exitDate, exitReason: data.reason },
    });
    return null;
  });
}
