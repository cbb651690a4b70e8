import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { auditLog, households, members, type MemberRow } from '@/db/schema';
import { currentUser } from '@/lib/auth/session';
import { memberValues } from '@/lib/households/enrol';
import { memberSchema, type EnrolmentInput } from '@/lib/households/schemas';
import { signInAs } from './fixtures';
import { ensureUnits, householdOfThree, member, VILLAGE } from './households';

/** Enrols a household through the real action as `userId`; similar people (earlier tests' names) are confirmed. */
export async function enrolAs(userId: string, input: EnrolmentInput = householdOfThree()) {
  await signInAs(userId);
  const res = await enrolHouseholdAction({ ...input, confirmSimilar: true });
  if (!res.ok || res.data.status !== 'saved') throw new Error(`not enrolled: ${JSON.stringify(res)}`);
  const list = await db().select().from(members).where(eq(members.householdId, res.data.householdId));
  const by = (relationship: string) => list.find((m) => m.relationship === relationship)!;
  return {
    householdId: res.data.householdId,
    code: res.data.code,
    head: by('head'),
    spouse: by('spouse'),
    child: by('child'),
    members: list,
  };
}

/**
 * A household of a head and a spouse written straight to the database, for the access matrix
 * (which needs fresh records for many callers). `createdBy` is the signed-in caller when there is
 * one, so that "only the creator may delete" lets the entitled roles through.
 */
export async function insertHousehold(operatorId: string) {
  await ensureUnits();
  const createdBy = (await currentUser())?.id ?? null;
  const [h] = await db()
    .insert(households)
    .values({ operatorId, code: `AX-${randomUUID().slice(0, 8).toUpperCase()}`, villageCode: VILLAGE, createdBy })
    .returning();
  const row = (relationship: 'head' | 'spouse', surnameKm: string) => ({
    ...memberValues(memberSchema.parse(member({ relationship, surnameKm, khmerId: '' }))),
    operatorId,
    householdId: h!.id,
    createdBy,
  });
  const [head, spouse] = await db()
    .insert(members)
    .values([row('head', 'សុខ'), row('spouse', 'ចាន់')])
    .returning();
  return { household: h!, head: head!, spouse: spouse! };
}

/** Moves a record's creation back in time, as if it had been enrolled `hours` ago. */
export async function ageRecord(table: 'households' | 'members', id: string, hours: number) {
  const t = table === 'households' ? households : members;
  await db()
    .update(t)
    .set({ createdAt: sql`now() - make_interval(mins => ${Math.round(hours * 60)})` })
    .where(eq(t.id, id));
}

export async function auditOf(entityId: string) {
  return db().select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);
}

export async function memberRow(id: string): Promise<MemberRow | undefined> {
  const [m] = await db().select().from(members).where(eq(members.id, id));
  return m;
}
