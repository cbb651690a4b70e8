import 'server-only';
import { and, asc, desc, eq, or } from 'drizzle-orm';
import { db } from '@/db/client';
import { members, paymentLines } from '@/db/schema';
import type { Locale } from '@/db/schema/accounts';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { amountText } from './money';

// The intake form's pickers: the complainant (a member of the operator, found by the register's own
// search, tenant-scoped there) and the payment the grievance is about.

export interface ComplainantOption {
  memberId: string;
  nameKm: string;
  nameLatin: string | null;
  householdCode: string;
  khmerIdMasked: string | null;
}

export async function findComplainants(actor: OperatorUser, q: string, locale: Locale): Promise<ComplainantOption[]> {
  const params = searchParamsSchema.safeParse({ q, limit: '10' });
  if (!params.success) throw new DomainError('INVALID', 'invalid', { q: ['invalid'] });
  const { items } = await searchMembers(actor, params.data, locale);
  return items.map((m) => ({
    memberId: m.memberId,
    nameKm: `${m.surnameKm} ${m.givenNameKm}`,
    nameLatin: [m.surnameLatin, m.givenNameLatin].filter(Boolean).join(' ') || null,
    householdCode: m.householdCode,
    khmerIdMasked: m.khmerIdMasked,
  }));
}

export interface PaymentLineOption {
  id: string;
  lineRef: string;
  period: string;
  amount: number;
  currency: string;
  status: string;
  /** Formatted on the server. */
  amountText: string;
}

/** The member's and their household's payment lines, newest period first. */
export async function memberPaymentLines(actor: OperatorUser, memberId: string): Promise<PaymentLineOption[]> {
  const [m] = await db()
    .select({ id: members.id, householdId: members.householdId })
    .from(members)
    .where(and(ownedBy(members, actor), eq(members.id, memberId)));
  if (!m) throw new DomainError('NOT_FOUND');
  const rows = await db()
    .select({
      id: paymentLines.id,
      lineRef: paymentLines.lineRef,
      period: paymentLines.period,
      amount: paymentLines.amount,
      currency: paymentLines.currency,
      status: paymentLines.status,
    })
    .from(paymentLines)
    .where(
      and(
        ownedBy(paymentLines, actor),
        or(eq(paymentLines.memberId, m.id), eq(paymentLines.householdId, m.householdId)),
      ),
    )
    .orderBy(desc(paymentLines.period), asc(paymentLines.lineRef))
    .limit(50);
  return rows.map((r) => ({ ...r, amount: Number(r.amount), amountText: amountText(Number(r.amount), r.currency) }));
}
