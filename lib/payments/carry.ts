import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { paymentLists } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { tenantOf } from '@/lib/auth/scope';
import { reserveCode } from '@/lib/codes/reserve';
import { DomainError } from '@/lib/errors';
import { loadList, parse, type PaymentActor } from './generate';
import { carryListSchema } from './schemas';
import { recomputeTotals } from './totals';

export interface CarryResult {
  id: string;
  code: string;
  lines: number;
  total: number;
}

/** Lists whose failed lines may be carried: the provider has answered (exported: some results in). */
const CARRY_FROM = ['exported', 'reconciled'];

/**
 * Carries the failed lines of a list that are not yet carried into a new follow-up list (same
 * programme and period, a new code, status draft: it goes through maker-checker like any list).
 * Set-based, in one transaction: one statement marks each old line with the id its copy will have
 * (carried_to_line_id, which takes it out of the one-line-per-beneficiary index) and inserts the
 * copies with those ids — amount and frozen details as approved, carried_from_line_id set — then
 * both lists' totals are recomputed and the move audited. The old list's row lock orders two
 * carries at once: the second finds nothing left to carry.
 */
export async function carryUnpaid(actor: PaymentActor, input: unknown): Promise<CarryResult> {
  const { listId } = parse(carryListSchema, input);
  return db().transaction(async (tx) => {
    const from = await loadList(tx, actor, listId);
    if (!CARRY_FROM.includes(from.status)) throw new DomainError('CONFLICT', 'paymentCarryState');
    const op = tenantOf(actor);
    const [pending] = await query<{ n: number }>(
      tx,
      sql`select count(*)::int as n from payment_lines
        where list_id = ${from.id}::uuid and operator_id = ${op} and status = 'failed' and carried_to_line_id is null`,
    );
    if (!Number(pending?.n)) throw new DomainError('CONFLICT', 'paymentNothingToCarry');
    const code = await reserveCode(tx, actor, 'paymentList');
    const [list] = await tx
      .insert(paymentLists)
      .values({
        operatorId: actor.operatorId,
        programmeId: from.programmeId,
        code,
        period: from.period,
        paymentDate: from.paymentDate,
        followsListId: from.id,
        providerId: from.providerId,
        currency: from.currency,
        generatedBy: actor.id,
        generatedAt: sql`now()`,
      })
      .returning();
    await tx.execute(sql`with src as (
        select id, gen_random_uuid() as new_id, row_number() over (order by line_no) as n
        from payment_lines
        where list_id = ${from.id}::uuid and operator_id = ${op} and status = 'failed' and carried_to_line_id is null),
      moved as (update payment_lines p set carried_to_line_id = src.new_id from src where p.id = src.id
        returning p.id, src.new_id, src.n)
      insert into payment_lines (id, operator_id, list_id, programme_id, period, enrolment_id, household_id,
        member_id, line_ref, line_no, amount, currency, breakdown, household_code, recipient_name_km,
        recipient_name_latin, recipient_khmer_id, proxy_name, channel, account, phone, payment_point,
        village_code, commune_code, carried_from_line_id)
      select moved.new_id, o.operator_id, ${list!.id}::uuid, o.programme_id, o.period, o.enrolment_id,
        o.household_id, o.member_id, ${code} || '-' || lpad(moved.n::text, greatest(5, length(moved.n::text)), '0'),
        moved.n, o.amount, o.currency, o.breakdown, o.household_code, o.recipient_name_km, o.recipient_name_latin,
        o.recipient_khmer_id, o.proxy_name, o.channel, o.account, o.phone, o.payment_point, o.village_code,
        o.commune_code, o.id
      from moved join payment_lines o on o.id = moved.id`);
    await recomputeTotals(tx, from.id);
    await recomputeTotals(tx, list!.id);
    const [after] = await tx
      .select({ lines: paymentLists.lineCount, total: paymentLists.totalAmount })
      .from(paymentLists)
      .where(sql`${paymentLists.id} = ${list!.id}`);
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'paymentList.carry',
      entityType: 'payment_list',
      entityId: list!.id,
      after: {
        code,
        followsListId: from.id,
        followsCode: from.code,
        lineCount: after!.lines,
        totalAmount: after!.total,
      },
    });
    return { id: list!.id, code, lines: after!.lines, total: after!.total };
  });
}
