import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import { programmeIdentifier, type ProgrammeEnrolment } from '@/lib/camdx';
import { DCI_ENROLMENT_STATUS, type EnrolmentStatus } from '@/lib/payments/values';
import { DCI_BENEFIT_TYPE, type BenefitType, type Currency } from '@/lib/programmes/values';

interface Row {
  member_id: string;
  own: boolean;
  member_status: string;
  status: EnrolmentStatus;
  enrolled_on: string;
  status_date: string;
  op_code: string;
  code: string;
  name_en: string;
  name_km: string;
  benefit_type: BenefitType;
  paid_on: string | null;
  amount: string | null;
  currency: Currency | null;
}

/**
 * The DCI IBR Beneficiary data of a batch of members, in one statement: each member's own enrolments
 * and, for a household's head, the household's (member_id null), with the latest paid line of each.
 * Per member, the programmes come lead first: active, then suspended, then ended; the latest
 * enrolment first within each (the Beneficiary's own date and status are its lead's).
 */
export async function loadProgrammes(
  tx: Db,
  tenant: Tenant,
  memberIds: readonly string[],
): Promise<Map<string, ProgrammeEnrolment[]>> {
  const out = new Map<string, ProgrammeEnrolment[]>();
  if (memberIds.length === 0) return out;
  const op = tenantOf(tenant);
  // Two joins rather than one with OR, so that each uses its index (member_id; household_id).
  // The latest paid line is looked up through the household's lines (payment_lines has no index on
  // enrolment_id; a household has one line per programme and period).
  const rows = await query<Row>(
    tx,
    sql`with batch as (
        select m.id, m.household_id, m.relationship = 'head' as is_head, m.status
        from members m
        where m.operator_id = ${op}
          and m.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify([...new Set(memberIds)])}::jsonb))
      ), carried as (
        select b.id as carrier_id, b.status as member_status, true as own, e.id, e.household_id, e.programme_id,
          e.status, e.enrolled_on, e.status_date
        from batch b join benefit_enrolments e on e.member_id = b.id and e.operator_id = ${op}
        union all
        select b.id, b.status, false, e.id, e.household_id, e.programme_id, e.status, e.enrolled_on, e.status_date
        from batch b join benefit_enrolments e
          on e.household_id = b.household_id and e.member_id is null and e.operator_id = ${op}
        where b.is_head
      )
      select c.carrier_id as member_id, c.own, c.member_status, c.status,
        to_char(c.enrolled_on, 'YYYY-MM-DD') as enrolled_on,
        to_char(coalesce(c.status_date, c.enrolled_on), 'YYYY-MM-DD') as status_date,
        o.code as op_code, p.code, p.name_en, p.name_km, p.benefit_type,
        lp.paid_on, lp.amount, lp.currency
      from carried c
      join programmes p on p.id = c.programme_id and p.operator_id = ${op}
      join operators o on o.id = ${op}
      left join lateral (
        select to_char(l.paid_on, 'YYYY-MM-DD') as paid_on, l.amount::text as amount, l.currency
        from payment_lines l
        where l.household_id = c.household_id and l.enrolment_id = c.id and l.status = 'paid'
          and l.operator_id = ${op}
        order by l.paid_on desc nulls last, l.period desc, l.line_no desc
        limit 1
      ) lp on true
      order by c.carrier_id,
        case c.status when 'active' then 0 when 'suspended' then 1 else 2 end,
        c.enrolled_on desc, p.code`,
  );
  for (const r of rows) {
    const list = out.get(r.member_id) ?? [];
    list.push({
      programmeId: programmeIdentifier(r.op_code, r.code),
      programmeName: r.name_en,
      programmeNameKm: r.name_km,
      enrolmentDate: r.enrolled_on,
      // The member's own enrolment ends with their death; a household's goes on without its head.
      status: r.own && r.member_status === 'deceased' ? 'Deceased' : DCI_ENROLMENT_STATUS[r.status],
      statusDate: r.status_date,
      latestBenefit:
        r.amount !== null && r.currency && r.paid_on
          ? {
              typeCode: DCI_BENEFIT_TYPE[r.benefit_type].code,
              date: r.paid_on,
              amountMinor: Number(r.amount),
              currency: r.currency,
            }
          : null,
    });
    out.set(r.member_id, list);
  }
  return out;
}

/**
 * The programmes the registry holds for a member, as far as we know without asking it: when the
 * registry has answered with a SPID and nothing of the member's is waiting in the outbox (every
 * enrolment change and paid line queues a row, lib/registry/benefits.ts), it holds what the member
 * carries now. null while a change is on its way or was not accepted.
 */
export async function registryProgrammes(tenant: Tenant, memberId: string): Promise<ProgrammeEnrolment[] | null> {
  const [acked] = await query<{ ok: boolean }>(
    db(),
    sql`select true as ok
      from members m
      join member_registry r on r.member_id = m.id and r.state = 'has_spid'
      where m.id = ${memberId} and m.operator_id = ${tenantOf(tenant)}
        and exists (
          select 1 from registry_outbox o
          where o.member_id = m.id and o.member_version = m.version and o.status = 'done'
        )
        and not exists (
          select 1 from registry_outbox o
          where o.member_id = m.id and o.status in ('pending', 'in_flight')
        )`,
  );
  if (!acked) return null;
  return (await loadProgrammes(db(), tenant, [memberId])).get(memberId) ?? [];
}
