import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { paymentLists, programmes, users } from '@/db/schema';
import { ownedBy, tenantOf, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';

// What the printable summary of a list shows: the list, its programme, who made and checked it, and
// its totals per commune (names from the gazetteer), computed in the database from the lines.

export { formatMoney } from '@/lib/programmes/format-money';

export interface CommuneTotal {
  communeCode: string | null;
  communeKm: string | null;
  communeLatin: string | null;
  districtKm: string | null;
  districtLatin: string | null;
  provinceKm: string | null;
  provinceLatin: string | null;
  lines: number;
  amount: number;
  paid: number;
  failed: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const generator = alias(users, 'generator');
const submitter = alias(users, 'submitter');
const approver = alias(users, 'approver');

/** A list of the actor's operator, with its programme's names and its makers' and checkers' names. */
export async function listHeader(actor: Tenant, listId: string) {
  // A malformed id names no list: the same answer as another operator's.
  if (!UUID.test(listId)) throw new DomainError('NOT_FOUND');
  const [row] = await db()
    .select({
      list: paymentLists,
      programmeKm: programmes.nameKm,
      programmeEn: programmes.nameEn,
      generatedByName: generator.name,
      submittedByName: submitter.name,
      approvedByName: approver.name,
    })
    .from(paymentLists)
    .innerJoin(programmes, eq(programmes.id, paymentLists.programmeId))
    .leftJoin(generator, eq(generator.id, paymentLists.generatedBy))
    .leftJoin(submitter, eq(submitter.id, paymentLists.submittedBy))
    .leftJoin(approver, eq(approver.id, paymentLists.approvedBy))
    .where(and(ownedBy(paymentLists, actor), eq(paymentLists.id, listId)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

export async function listSummary(actor: Tenant, listId: string) {
  const header = await listHeader(actor, listId);
  const rows = await query<{
    commune_code: string | null;
    commune_km: string | null;
    commune_latin: string | null;
    district_km: string | null;
    district_latin: string | null;
    province_km: string | null;
    province_latin: string | null;
    lines: number;
    amount: string;
    paid: string;
    failed: string;
  }>(
    db(),
    sql`select t.commune_code, c.name_km as commune_km, c.name_latin as commune_latin,
        d.name_km as district_km, d.name_latin as district_latin, p.name_km as province_km, p.name_latin as province_latin,
        t.lines, t.amount::text, t.paid::text, t.failed::text
      from (select coalesce(commune_code, left(village_code, 6)) as commune_code, count(*)::int as lines,
          sum(amount) as amount, coalesce(sum(amount) filter (where status = 'paid'), 0) as paid,
          coalesce(sum(amount) filter (where status = 'failed'), 0) as failed
        from payment_lines where list_id = ${header.list.id} and operator_id = ${tenantOf(actor)}
        group by 1) t
      left join admin_units c on c.code = t.commune_code
      left join admin_units d on d.code = left(t.commune_code, 4)
      left join admin_units p on p.code = left(t.commune_code, 2)
      order by t.commune_code nulls last`,
  );
  const communes: CommuneTotal[] = rows.map((r) => ({
    communeCode: r.commune_code,
    communeKm: r.commune_km,
    communeLatin: r.commune_latin,
    districtKm: r.district_km,
    districtLatin: r.district_latin,
    provinceKm: r.province_km,
    provinceLatin: r.province_latin,
    lines: Number(r.lines),
    amount: Number(r.amount),
    paid: Number(r.paid),
    failed: Number(r.failed),
  }));
  return { ...header, communes };
}
