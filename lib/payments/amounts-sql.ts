import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import type { BenefitRules } from '@/lib/programmes/rules';
import {
  checkPaymentDate,
  householdCondition,
  householdsOnDate,
  memberCondition,
  memberCounts,
} from '@/lib/programmes/rules-sql';

// The amount of every active enrolment of a programme on a payment date, as SQL common table
// expressions, for the list generation's one INSERT … SELECT (lib/payments/generate.ts). The rules
// mean what lib/programmes/rules.ts says and are compiled by the fragments of rules-sql.ts, so a
// household's amount here is the one `householdAmounts` computes:
// - a household enrolment: the first household rule's amount + each counting member's first member
//   rule amount, at most the cap;
// - a member enrolment: the amount of the first member rule the member matches, at most the cap;
// both only when the household meets the eligibility condition on the date and (a member) counts
// on it. The CTEs read as `enr` (the active enrolments) and `amt` (one row per enrolment that is
// still eligible: enrolment_id, amount, base, members_amount, qualifying, capped).

/** First match wins (the same shape as rules-sql.ts' own helper, which is private). */
function firstMatch(rules: { when: SQL; amount: number }[], otherwise: SQL): SQL {
  if (!rules.length) return otherwise;
  return sql`(case ${sql.join(
    rules.map((r) => sql`when ${r.when} then ${r.amount}::bigint`),
    sql` `,
  )} else ${otherwise} end)`;
}

/** `with`-less CTE list defining `enr` and `amt`; append more CTEs after a comma. */
export function enrolmentAmounts(actor: Tenant, programmeId: string, rules: BenefitRules, paymentDate: string): SQL {
  const date = checkPaymentDate(paymentDate);
  const op = tenantOf(actor);
  const base = firstMatch(
    rules.household.map((r) => ({ when: householdCondition(r.when, date, actor), amount: r.amount })),
    sql`0::bigint`,
  );
  const memberAmount = firstMatch(
    rules.members.map((r) => ({ when: memberCondition(r.when, date), amount: r.amount })),
    sql`null::bigint`,
  );
  const cap = (v: SQL) => (rules.cap === undefined ? v : sql`least(${v}, ${rules.cap}::bigint)`);
  const over = (v: SQL) => (rules.cap === undefined ? sql`false` : sql`(${v} > ${rules.cap}::bigint)`);
  return sql`enr as materialized (select be.id, be.household_id, be.member_id from benefit_enrolments be
      where be.operator_id = ${op} and be.programme_id = ${programmeId}::uuid and be.status = 'active'),
    h as (${householdsOnDate(actor, date)}),
    e as (select h.*, ${base} as base from h
      where h.id in (select household_id from enr) and ${householdCondition(rules.eligibility, date, actor)}),
    ma as (select m.household_id, ${memberAmount} as amount
      from members m join e h on h.id = m.household_id
      where m.operator_id = ${op} and ${memberCounts(date)}),
    ht as (select e.id, e.base, count(ma.amount)::int as n, coalesce(sum(ma.amount), 0)::bigint as members_amount
      from e left join ma on ma.household_id = e.id group by e.id, e.base),
    -- From the table rather than enr: its statistics tell the planner how few member enrolments
    -- there are, so it looks them up instead of hashing every member of the operator.
    mm as (select be.id as enrolment_id, ${memberAmount} as amount
      from benefit_enrolments be join members m on m.id = be.member_id join e h on h.id = m.household_id
      where be.operator_id = ${op} and be.programme_id = ${programmeId}::uuid and be.status = 'active'
        and be.member_id is not null and m.operator_id = ${op} and ${memberCounts(date)}),
    amt as (
      select be.id as enrolment_id, ${cap(sql`(ht.base + ht.members_amount)`)} as amount, ht.base,
          ht.members_amount, ht.n as qualifying, ${over(sql`(ht.base + ht.members_amount)`)} as capped
        from enr be join ht on ht.id = be.household_id where be.member_id is null
      union all
      select mm.enrolment_id, ${cap(sql`coalesce(mm.amount, 0)`)}, 0::bigint, coalesce(mm.amount, 0),
          (mm.amount is not null)::int, ${over(sql`coalesce(mm.amount, 0)`)}
        from mm)`;
}
