import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rowsOf } from '@/db/rows';
import {
  benefitEnrolments,
  households,
  members,
  paymentLines,
  paymentLists,
  programmes,
  type Disability,
  type Role,
} from '@/db/schema';
import type { PaymentActor } from '@/lib/payments/generate';
import { benefitRules } from '@/lib/programmes/rules';
import { khmerNameKey } from '@/lib/text/normalise';
import { makeOperator, makeUser } from './fixtures';
import { ensureUnits, VILLAGE } from './households';

// Records for the payment-list tests, written straight to the database (the enrolment pages are
// another area's): an operator with its makers and checkers, a programme, households, enrolments.

export async function paymentTeam() {
  await ensureUnits();
  const op = await makeOperator();
  const actor = async (roles: Role[]): Promise<PaymentActor> => {
    const u = await makeUser({ operatorId: op.id, roles });
    return { id: u.id, operatorId: op.id, operatorCode: op.code };
  };
  return {
    op,
    officer: await actor(['payment_officer']),
    officer2: await actor(['payment_officer']),
    approver: await actor(['payment_approver']),
    approver2: await actor(['payment_approver']),
    /** Holds every role: may generate, submit and approve — but not approve what it made. */
    admin: await actor(['operator_admin', 'payment_approver']),
  };
}

/** A simple programme: 100,000 riel a household + 20,000 per member aged ≤ 5, capped at 150,000. */
export const SIMPLE_RULES = {
  currency: 'KHR',
  eligibility: { idpoorLevels: [1, 2] },
  household: [{ when: { idpoorLevels: [1, 2] }, amount: 100_000 }],
  members: [{ when: { maxAge: 5 }, amount: 20_000 }],
  cap: 150_000,
};

export async function makeProgramme(
  operatorId: string,
  o: {
    rules?: unknown;
    frequency?: 'monthly' | 'quarterly' | 'one_off';
    status?: string;
    startDate?: string;
    endDate?: string | null;
  } = {},
) {
  const rules = benefitRules.parse(o.rules ?? SIMPLE_RULES);
  const [p] = await db()
    .insert(programmes)
    .values({
      operatorId,
      code: `P-${randomUUID().slice(0, 8).toUpperCase()}`,
      nameKm: 'កម្មវិធីសាកល្បង',
      nameEn: 'Test programme',
      benefitType: 'cash',
      currency: rules.currency,
      frequency: o.frequency ?? 'monthly',
      startDate: o.startDate ?? '2026-01-01',
      endDate: o.endDate ?? null,
      status: o.status ?? 'active',
      rules,
    })
    .returning();
  return p!;
}

export interface MemberSeed {
  birthDate: string;
  disability?: Disability;
  status?: 'active' | 'deceased';
  deathDate?: string;
  khmerId?: string;
  relationship?: string;
}

export async function makeHousehold(
  operatorId: string,
  seeds: MemberSeed[],
  o: { idpoorLevel?: 1 | 2 | null; village?: string } = {},
) {
  const [h] = await db()
    .insert(households)
    .values({
      operatorId,
      code: `PL-${randomUUID().slice(0, 8).toUpperCase()}`,
      villageCode: o.village ?? VILLAGE,
      idpoorLevel: o.idpoorLevel === undefined ? 1 : o.idpoorLevel,
    })
    .returning();
  const ms = await db()
    .insert(members)
    .values(
      seeds.map((s, i) => ({
        operatorId,
        householdId: h!.id,
        surnameKm: 'សុខ',
        givenNameKm: `ដារ៉ា${i}`,
        surnameLatin: 'Sok',
        givenNameLatin: `Dara${i}`,
        nameKmKey: khmerNameKey('សុខ', `ដារ៉ា${i}`),
        sex: 'F',
        birthDate: s.birthDate,
        birthYear: Number(s.birthDate.slice(0, 4)),
        relationship: s.relationship ?? (i === 0 ? 'head' : 'child'),
        khmerId: s.khmerId ?? null,
        disability: s.disability ?? null,
        hasDisability: Object.values(s.disability ?? {}).some((l) => l !== 'none'),
        status: s.status ?? 'active',
        deathDate: s.deathDate ?? null,
      })),
    )
    .returning();
  return { household: h!, members: ms };
}

export async function enrol(
  operatorId: string,
  programmeId: string,
  householdId: string,
  o: Partial<typeof benefitEnrolments.$inferInsert> = {},
) {
  const [e] = await db()
    .insert(benefitEnrolments)
    .values({
      operatorId,
      programmeId,
      householdId,
      enrolledOn: '2026-01-01',
      channel: 'wing',
      phone: '+85512345678',
      account: '012345678',
      ...o,
    })
    .returning();
  return e!;
}

export async function linesOf(listId: string) {
  return db().select().from(paymentLines).where(eq(paymentLines.listId, listId)).orderBy(paymentLines.lineNo);
}

export async function listRow(listId: string) {
  const [l] = await db().select().from(paymentLists).where(eq(paymentLists.id, listId));
  return l!;
}

/** Every list of the operator whose stored totals differ from the sum of its lines (should be none). */
export async function totalsMismatches(operatorId: string) {
  return rowsOf<{ code: string }>(
    await db().execute(sql`select pl.code from payment_lists pl
      left join lateral (select count(*)::int as n, coalesce(sum(amount), 0)::bigint as total,
          count(*) filter (where status = 'paid')::int as paid_n,
          coalesce(sum(amount) filter (where status = 'paid'), 0)::bigint as paid,
          count(*) filter (where status = 'failed')::int as failed_n,
          coalesce(sum(amount) filter (where status = 'failed'), 0)::bigint as failed
        from payment_lines where list_id = pl.id) t on true
      where pl.operator_id = ${operatorId}::uuid and (pl.line_count <> t.n or pl.total_amount <> t.total
        or pl.paid_count <> t.paid_n or pl.paid_amount <> t.paid
        or pl.failed_count <> t.failed_n or pl.failed_amount <> t.failed)`),
  );
}
