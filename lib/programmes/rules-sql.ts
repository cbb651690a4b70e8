import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { query } from '@/db/rows';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { isRealDate } from '@/lib/validation';
import { WG_DOMAINS } from '@/lib/households/values';
import {
  levelsAtLeast,
  type BenefitRules,
  type HouseholdCondition,
  type HouseholdFields,
  type MemberCondition,
} from './rules';

// Benefit rules (lib/programmes/rules.ts) compiled to SQL, evaluated set-based: one statement for all
// of an operator's households. The fragments read two aliases:
//   m — a row of `members`;
//   h — a row of `householdsOnDate(actor, date)`: the actor's active households with `active_size`
//       (members who count on the date) and `commune_type` (type_km of the commune's admin unit).
// Every value is a bound parameter; only the shape of the rules becomes SQL text.

export const URBAN_COMMUNE_TYPE = 'សង្កាត់'; // sangkat
export const RURAL_COMMUNE_TYPE = 'ឃុំ'; // khum

/** A real calendar date YYYY-MM-DD, or a DomainError on `paymentDate`. */
export function checkPaymentDate(value: string): string {
  if (!isRealDate(value)) throw new DomainError('INVALID', 'INVALID', { paymentDate: ['invalidDate'] });
  return value;
}

const list = (values: readonly (string | number)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const and = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const or = (parts: SQL[]) => sql`(${sql.join(parts, sql` or `)})`;

/** A member counts on the date: active, not dead before it, already born. */
export function memberCounts(date: string): SQL {
  const d = sql`${date}::date`;
  return sql`(m.status = 'active' and (m.death_date is null or m.death_date >= ${d})
    and (case when m.birth_date is not null and not m.birth_estimated then m.birth_date <= ${d}
              else m.birth_year <= extract(year from ${d})::int end))`;
}

/** Whole years on the date: from the birth date when known, else payment year − birth year. */
export function ageOn(date: string): SQL {
  const d = sql`${date}::date`;
  return sql`(case when m.birth_date is not null and not m.birth_estimated
    then extract(year from age(${d}, m.birth_date))::int
    else extract(year from ${d})::int - m.birth_year end)`;
}

/**
 * The member's disability as recorded on the date. Today's value when it was set on or before the
 * date (the usual case: no look-up); else the value held on the date from member_disability_history
 * (a row holds [valid_from, valid_to)); before the first record, the earliest value known.
 */
export function disabilityOn(date: string): SQL {
  const d = sql`${date}::date`;
  return sql`(case when m.disability_since is null or m.disability_since <= ${d} then m.disability
    else coalesce((select dh.disability from member_disability_history dh
      where dh.member_id = m.id and dh.valid_to > ${d} order by dh.valid_to limit 1), m.disability) end)`;
}

/** The actor's active households as the relation `h` reads (use as `(…) h`). */
export function householdsOnDate(actor: Tenant, date: string, householdIds?: readonly string[]): SQL {
  const idList = householdIds?.length ? list(householdIds) : sql`null`;
  const ids = householdIds ? sql`and h0.id in (${idList})` : sql``;
  const memberIds = householdIds ? sql`and m.household_id in (${idList})` : sql``;
  // Household sizes in one grouped pass over the operator's members (a count per household as a
  // correlated subquery cost PostgreSQL's planner a JIT compilation as long as the query itself).
  return sql`select h0.id, h0.idpoor_level, h0.province_code, h0.district_code, h0.commune_code,
      hc.type_km as commune_type, coalesce(sz.n, 0) as active_size
    from households h0
    left join admin_units hc on hc.code = h0.commune_code
    left join (select m.household_id, count(*)::int as n from members m
        where m.operator_id = ${tenantOf(actor)} ${memberIds} and ${memberCounts(date)} group by m.household_id) sz
      on sz.household_id = h0.id
    where h0.operator_id = ${tenantOf(actor)} and h0.status = 'active' ${ids}`;
}

function householdFields(c: HouseholdFields): SQL[] {
  const out: SQL[] = [];
  if (c.idpoorLevels) {
    const levels = c.idpoorLevels.filter((l): l is 1 | 2 => l !== 'none');
    const parts: SQL[] = [];
    if (levels.length) parts.push(sql`h.idpoor_level in (${list(levels)})`);
    if (c.idpoorLevels.includes('none')) parts.push(sql`h.idpoor_level is null`);
    out.push(or(parts));
  }
  if (c.minHouseholdSize !== undefined) out.push(sql`h.active_size >= ${c.minHouseholdSize}::int`);
  if (c.maxHouseholdSize !== undefined) out.push(sql`h.active_size <= ${c.maxHouseholdSize}::int`);
  if (c.provinces) out.push(sql`h.province_code in (${list(c.provinces)})`);
  if (c.districts) out.push(sql`h.district_code in (${list(c.districts)})`);
  if (c.communes) out.push(sql`h.commune_code in (${list(c.communes)})`);
  if (c.setting)
    out.push(
      sql`h.commune_type is not distinct from ${c.setting === 'urban' ? URBAN_COMMUNE_TYPE : RURAL_COMMUNE_TYPE}`,
    );
  return out;
}

/** A member condition over `m` (and its household `h`) on the payment date. */
export function memberCondition(c: MemberCondition, date: string): SQL {
  const out = householdFields(c);
  if (c.minAge !== undefined) out.push(sql`${ageOn(date)} >= ${c.minAge}::int`);
  if (c.maxAge !== undefined) out.push(sql`${ageOn(date)} <= ${c.maxAge}::int`);
  if (c.sex) out.push(sql`m.sex = ${c.sex}`);
  if (c.chronicIllness) out.push(sql`m.chronic_illness`);
  if (c.disability) {
    const at = (value: SQL) => sql`exists (select 1 from jsonb_each_text(${value}) wg(k, v)
      where wg.k in (${list(WG_DOMAINS)}) and wg.v in (${list(levelsAtLeast(c.disability!))}))`;
    // The usual case first, without a look-up: today's value holds on the date, and most members have
    // none recorded (no per-member jsonb walk then: a rule of four conditions over 400,000 members).
    const d = sql`${date}::date`;
    out.push(sql`(case when m.disability_since is null or m.disability_since <= ${d}
      then (case when m.disability is null then false else ${at(sql`m.disability`)} end)
      else ${at(sql`coalesce(${disabilityOn(date)}, '{}'::jsonb)`)} end)`);
  }
  if (c.anyOf) out.push(or(c.anyOf.map((a) => memberCondition(a, date))));
  return sql`(${and(out)})`;
}

/** A household condition over `h` on the payment date. */
export function householdCondition(c: HouseholdCondition, date: string, actor?: Tenant): SQL {
  const out = householdFields(c);
  if (c.hasMember) {
    const scope = actor ? sql`and m.operator_id = ${tenantOf(actor)}` : sql``;
    out.push(sql`exists (select 1 from members m where m.household_id = h.id ${scope}
      and ${memberCounts(date)} and ${memberCondition(c.hasMember, date)})`);
  }
  if (c.anyOf) out.push(or(c.anyOf.map((a) => householdCondition(a, date, actor))));
  return sql`(${and(out)})`;
}

/** First match wins: `case when … then amount … else otherwise end`. */
function firstMatch(rules: { when: SQL; amount: number }[], otherwise: SQL): SQL {
  if (!rules.length) return otherwise;
  return sql`(case ${sql.join(
    rules.map((r) => sql`when ${r.when} then ${r.amount}::bigint`),
    sql` `,
  )} else ${otherwise} end)`;
}

export interface HouseholdAmount {
  householdId: string;
  /** The household rule's amount (first match), 0 when none matches. */
  base: number;
  /** Active members on the date who match a member rule. */
  qualifyingMembers: number;
  membersAmount: number;
  /** base + membersAmount, at most the cap. */
  total: number;
}

const toAmount = (v: unknown): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of range: ${String(v)}`);
  return n;
};

/**
 * Per eligible active household of the actor's operator, in one statement: the base, the qualifying
 * members, their amounts and the capped total (minor units of `rules.currency`). `rules` must have been
 * parsed by `benefitRules`. `householdIds` narrows to those households (a preview of one).
 */
export async function householdAmounts(
  tx: Db,
  actor: Tenant,
  rules: BenefitRules,
  paymentDate: string,
  opts: { householdIds?: readonly string[] } = {},
): Promise<HouseholdAmount[]> {
  const date = checkPaymentDate(paymentDate);
  const base = firstMatch(
    rules.household.map((r) => ({ when: householdCondition(r.when, date, actor), amount: r.amount })),
    sql`0::bigint`,
  );
  const memberAmount = firstMatch(
    rules.members.map((r) => ({ when: memberCondition(r.when, date), amount: r.amount })),
    sql`null::bigint`,
  );
  const capped = rules.cap === undefined ? sql`t.total` : sql`least(t.total, ${rules.cap}::bigint)`;
  const rows = await query<{ id: string; base: unknown; n: unknown; members_amount: unknown; total: unknown }>(
    tx,
    sql`with h as (${householdsOnDate(actor, date, opts.householdIds)}),
      e as (select h.id, ${base} as base from h where ${householdCondition(rules.eligibility, date, actor)}),
      ma as (select m.household_id, ${memberAmount} as amount
        from members m join h on h.id = m.household_id
        where m.operator_id = ${tenantOf(actor)} and m.household_id in (select id from e) and ${memberCounts(date)}),
      t as (select e.id, e.base, count(ma.amount)::int as n, coalesce(sum(ma.amount), 0)::bigint as members_amount,
          (e.base + coalesce(sum(ma.amount), 0))::bigint as total
        from e left join ma on ma.household_id = e.id group by e.id, e.base)
      select t.id, t.base::text as base, t.n, t.members_amount::text as members_amount, (${capped})::text as total
      from t order by t.id`,
  );
  return rows.map((r) => ({
    householdId: r.id,
    base: toAmount(r.base),
    qualifyingMembers: Number(r.n),
    membersAmount: toAmount(r.members_amount),
    total: toAmount(r.total),
  }));
}

/** How many of the actor's active households meet the eligibility condition on the date (one statement). */
export async function countQualifying(tx: Db, actor: Tenant, rules: BenefitRules, paymentDate: string) {
  const date = checkPaymentDate(paymentDate);
  const [row] = await query<{ n: unknown }>(
    tx,
    sql`with h as (${householdsOnDate(actor, date)})
      select count(*)::int as n from h where ${householdCondition(rules.eligibility, date, actor)}`,
  );
  return Number(row?.n ?? 0);
}
