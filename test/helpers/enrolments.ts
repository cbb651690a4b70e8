import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { households } from '@/db/schema';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { createProgramme, setProgrammeStatus } from '@/lib/programmes/service';
import { makeOperator, makeUser, signInAs } from './fixtures';
import { insertHousehold } from './records';

// Benefit enrolment fixtures: an operator's administrator, an active programme made through the
// programmes service, and households written straight to the database (fast, for many cases).

/** IDPoor households are eligible; each adult member qualifies for a member enrolment. */
export const RULES = {
  currency: 'KHR' as const,
  eligibility: { idpoorLevels: [1, 2] as (1 | 2)[] },
  household: [{ when: { setting: 'rural' as const }, amount: 40_000 }],
  members: [{ when: { minAge: 18 }, amount: 20_000 }],
};

export async function adminOf(operatorId?: string): Promise<OperatorUser> {
  const op = operatorId ?? (await makeOperator()).id;
  const user = await makeUser({ operatorId: op, roles: ['operator_admin'] });
  await signInAs(user.id);
  return requireRole('benefitEnrolment');
}

/** A programme of the actor's operator, made active (or left as a draft). */
export async function programmeOf(actor: OperatorUser, opts: { status?: 'draft' | 'active'; rules?: unknown } = {}) {
  const { id, version } = await createProgramme(actor, {
    code: `P-${randomUUID().slice(0, 8).toUpperCase()}`,
    nameKm: 'កម្មវិធីឧបត្ថម្ភសាច់ប្រាក់',
    nameEn: 'Cash transfer',
    description: '',
    benefitType: 'cash',
    currency: 'KHR',
    frequency: 'monthly',
    startDate: '2026-01-01',
    endDate: '',
    rules: opts.rules ?? RULES,
  });
  if (opts.status !== 'draft') await setProgrammeStatus(actor, { id, version, status: 'active' });
  return id;
}

/** A household (head and spouse, both men born 1980) of the operator, IDPoor level 1 unless `idpoorLevel` says otherwise. */
export async function householdOf(operatorId: string, idpoorLevel: 1 | 2 | null = 1) {
  const h = await insertHousehold(operatorId);
  // A code the search reads as a household code (letters, a dash, digits).
  const code = `EN-${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
  await db()
    .update(households)
    .set({ code, idpoorLevel, idpoorNumber: idpoorLevel ? '01020101-0042' : null })
    .where(eq(households.id, h.household.id));
  return { ...h, household: { ...h.household, code } };
}
