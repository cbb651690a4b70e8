import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  benefitEnrolments,
  households,
  members,
  paymentLines,
  paymentLists,
  programmes,
  type PaymentLineRow,
  type PaymentListRow,
} from '@/db/schema';
import type { ListStatus } from '@/lib/payments/values';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { memberValues } from '@/lib/households/enrol';
import { memberSchema } from '@/lib/households/schemas';
import { recomputeTotals } from '@/lib/payments/totals';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, member, VILLAGE, VILLAGE_ELSEWHERE } from './helpers/households';

// Payment lists written straight to the tables (the list generator is another helper's work):
// households with a head each, a programme, one enrolment and one line per household, totals by
// recomputeTotals. Lines alternate between two communes so that per-commune totals have two rows.

export interface ListFixture {
  actor: OperatorUser;
  operatorId: string;
  list: PaymentListRow;
  lines: PaymentLineRow[];
  heads: string[];
}

export async function signedInActor(
  operatorId: string,
  roles: ('payment_officer' | 'operator_admin')[] = ['payment_officer'],
) {
  const user = await makeUser({ operatorId, roles });
  await signInAs(user.id);
  return requireRole('payments');
}

export interface ListOptions {
  operatorId?: string;
  lines?: number;
  currency?: 'KHR' | 'USD';
  status?: ListStatus;
  amount?: (i: number) => number;
  name?: (i: number) => string;
  memberLine?: boolean;
}

export async function listFixture(opts: ListOptions = {}): Promise<ListFixture> {
  const operatorId = opts.operatorId ?? (await makeOperator()).id;
  const actor = await signedInActor(operatorId);
  return { actor, ...(await seedList(operatorId, { ...opts, generatedBy: actor.id })) };
}

/** A list of the operator written to the database, signing no one in (the access matrix signs its callers in). */
export async function seedList(operatorId: string, opts: ListOptions & { generatedBy?: string | null } = {}) {
  await ensureUnits();
  const n = opts.lines ?? 3;
  const currency = opts.currency ?? 'KHR';
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const hh = await db()
    .insert(households)
    .values(
      Array.from({ length: n }, (_, i) => ({
        operatorId,
        code: `PF${tag}-${String(i + 1).padStart(4, '0')}`,
        villageCode: i % 2 === 0 ? VILLAGE : VILLAGE_ELSEWHERE,
      })),
    )
    .returning();
  const heads = await db()
    .insert(members)
    .values(
      hh.map((h) => ({
        ...memberValues(memberSchema.parse(member({ relationship: 'head', khmerId: '' }))),
        operatorId,
        householdId: h.id,
      })),
    )
    .returning();
  const [programme] = await db()
    .insert(programmes)
    .values({
      operatorId,
      code: `P${tag}`,
      nameKm: 'កម្មវិធីឧបត្ថម្ភ',
      nameEn: 'Cash transfer',
      benefitType: 'cash',
      currency,
      frequency: 'monthly',
      startDate: '2026-01-01',
      status: 'active',
      rules: { currency, household: [{ when: {}, amount: 40_000 }], members: [] } as never,
    })
    .returning();
  const enrolments = await db()
    .insert(benefitEnrolments)
    .values(
      hh.map((h, i) => ({
        operatorId,
        programmeId: programme!.id,
        householdId: h.id,
        memberId: opts.memberLine && i === 0 ? heads[0]!.id : null,
        enrolledOn: '2026-01-01',
        channel: 'wing',
        phone: '+85512345678',
      })),
    )
    .returning();
  const code = `${tag}-P-000001`;
  const [list] = await db()
    .insert(paymentLists)
    .values({
      operatorId,
      programmeId: programme!.id,
      code,
      period: '2026-12',
      paymentDate: '2026-12-15',
      currency,
      status: opts.status ?? 'approved',
      generatedBy: opts.generatedBy ?? null,
      generatedAt: new Date(),
    })
    .returning();
  const lines = await db()
    .insert(paymentLines)
    .values(
      hh.map((h, i) => ({
        operatorId,
        listId: list!.id,
        programmeId: programme!.id,
        period: '2026-12',
        enrolmentId: enrolments[i]!.id,
        householdId: h.id,
        memberId: enrolments[i]!.memberId,
        lineRef: `${code}-${String(i + 1).padStart(5, '0')}`,
        lineNo: i + 1,
        amount: opts.amount ? opts.amount(i) : 40_000 + i * 1_000,
        currency,
        householdCode: h.code,
        recipientNameKm: opts.name ? opts.name(i) : 'សុខ ដារ៉ា',
        recipientNameLatin: 'Sok Dara',
        channel: 'wing',
        phone: '+85512345678',
        villageCode: h.villageCode,
        communeCode: h.villageCode.slice(0, 6),
      })),
    )
    .returning();
  await recomputeTotals(db(), list!.id);
  const [fresh] = await db().select().from(paymentLists).where(eq(paymentLists.id, list!.id));
  return {
    operatorId,
    list: fresh!,
    lines: lines.sort((a, b) => a.lineNo - b.lineNo),
    heads: heads.map((m) => m.id),
  };
}
