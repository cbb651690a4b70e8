import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db, type Db } from '@/db/client';
import { members } from '@/db/schema';
import { query } from '@/db/rows';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { tenantOf } from '@/lib/auth/scope';
import { exportCondition } from '@/lib/exports/filters';
import { requestId } from '@/lib/request';
import { activeProgramme, audit, carriersOf, tellRegistry } from './enrolment-common';
import type { BulkEnrolData } from './enrolment-bulk-schema';
import { enrolmentToday } from './enrolment-schemas';
import type { BenefitRules } from './rules';
import { householdCondition, householdsOnDate } from './rules-sql';

// Bulk enrolment (issue 10), set-based: the candidate households (all of the operator's, or the
// households of the members a search finds) are sorted into one reason each in a single statement,
// the preview counts them and shows a few of each, and the confirmation is one
// INSERT … SELECT … ON CONFLICT DO NOTHING over the partial unique index, so confirming twice, a
// double click or two officers at once add nothing more. Eligibility is evaluated on today's date.

export const BULK_REASONS = [
  'qualifies',
  'alreadyEnrolled',
  'householdClosed',
  'noActiveMember',
  'notEligible',
] as const;
export type BulkReason = (typeof BULK_REASONS)[number];
const SAMPLE = 10;

export interface BulkSampleRow {
  householdId: string;
  code: string;
  headName: string | null;
}
export interface BulkPreview {
  counts: Record<BulkReason, number>;
  samples: Record<BulkReason, BulkSampleRow[]>;
}

/** The candidates' ids as a relation `(…) c(id)`; a search's condition is built outside any transaction. */
async function candidates(actor: OperatorUser, data: BulkEnrolData): Promise<SQL> {
  if (data.source === 'eligibility')
    return sql`select h0.id from households h0 where h0.operator_id = ${tenantOf(actor)}`;
  // The export's own WHERE (lib/exports/filters.ts): exactly the members the search shows, every page.
  const where = await exportCondition(actor, data.filters);
  return sql`select distinct ${members.householdId} as id from ${members} where ${where}`;
}

/**
 * One statement over up to 100,000 households: PostgreSQL's JIT compiler took longer to compile it
 * than to run it, and its sorts and hashes want more than the default work_mem (as payment lists).
 */
async function setForBulk(tx: Db): Promise<void> {
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`set local work_mem = '64MB'`);
}

/** Each candidate household with its one reason (the first that applies, in BULK_REASONS' order of checks). */
function classified(actor: OperatorUser, programmeId: string, rules: BenefitRules, from: SQL, date: string): SQL {
  return sql`c as (${from}),
    h as (${householdsOnDate(actor, date)}),
    e as (select h.id from h where ${householdCondition(rules.eligibility, date, actor)}),
    x as (select be.household_id from benefit_enrolments be
      where be.operator_id = ${tenantOf(actor)} and be.programme_id = ${programmeId}::uuid and be.member_id is null),
    k as (select c.id, hh.code, case
        when x.household_id is not null then 'alreadyEnrolled'
        when hh.status <> 'active' then 'householdClosed'
        when coalesce(h.active_size, 0) = 0 then 'noActiveMember'
        when e.id is null then 'notEligible'
        else 'qualifies' end as reason
      from c join households hh on hh.id = c.id and hh.operator_id = ${tenantOf(actor)}
      left join x on x.household_id = c.id
      left join h on h.id = c.id
      left join e on e.id = c.id)`;
}

/** Who would be enrolled and who not, and why: counts per reason and a few households of each. */
export async function previewBulkEnrolment(actor: OperatorUser, data: BulkEnrolData): Promise<BulkPreview> {
  const from = await candidates(actor, data);
  const date = enrolmentToday();
  return db().transaction(async (tx) => {
    const programme = await activeProgramme(tx, actor, data.programmeId);
    await setForBulk(tx);
    const rows = await query<{ reason: BulkReason; n: number; ids: string[] | string }>(
      tx,
      sql`with ${classified(actor, programme.id, programme.parsedRules, from, date)}
        select reason, count(*)::int as n, to_json((array_agg(id order by code))[1:${SAMPLE}]) as ids
        from k group by reason`,
    );
    const counts = Object.fromEntries(BULK_REASONS.map((r) => [r, 0])) as Record<BulkReason, number>;
    const samples = Object.fromEntries(BULK_REASONS.map((r) => [r, []])) as unknown as BulkPreview['samples'];
    const ids = new Map<string, BulkReason>();
    for (const r of rows) {
      counts[r.reason] = Number(r.n);
      const list = (typeof r.ids === 'string' ? JSON.parse(r.ids) : r.ids) as string[];
      for (const id of list) ids.set(id, r.reason);
    }
    for (const s of await sampleRows(tx, actor, [...ids.keys()])) samples[ids.get(s.householdId)!].push(s);
    return { counts, samples };
  });
}

async function sampleRows(tx: Db, actor: OperatorUser, ids: string[]): Promise<BulkSampleRow[]> {
  if (!ids.length) return [];
  const rows = await query<{ id: string; code: string; head: string | null }>(
    tx,
    sql`select hh.id, hh.code, (select m.surname_km || ' ' || m.given_name_km from members m
          where m.household_id = hh.id and m.operator_id = ${tenantOf(actor)} and m.relationship = 'head'
          order by (m.status = 'active') desc limit 1) as head
      from households hh
      where hh.operator_id = ${tenantOf(actor)}
        and hh.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      order by hh.code`,
  );
  return rows.map((r) => ({ householdId: r.id, code: r.code, headName: r.head }));
}

/**
 * Enrols every household that qualifies now, in one statement, with one audit row per enrolment
 * (set-based too) and one for the whole, and tells the registry about each household's head.
 */
export async function confirmBulkEnrolment(
  actor: OperatorUser,
  data: BulkEnrolData,
): Promise<{ added: number; qualifying: number }> {
  const from = await candidates(actor, data);
  const date = enrolmentToday();
  const req = await requestId();
  return db().transaction(async (tx) => {
    const programme = await activeProgramme(tx, actor, data.programmeId);
    const op = tenantOf(actor);
    await setForBulk(tx);
    const [result] = await query<{ qualifying: number; added: [string, string | null][] | string }>(
      tx,
      sql`with ${classified(actor, programme.id, programme.parsedRules, from, date)},
        q as (select k.id from k where k.reason = 'qualifies'),
        ins as (insert into benefit_enrolments
            (operator_id, programme_id, household_id, status, status_date, enrolled_on, recipient_member_id, created_by)
          select ${op}, ${programme.id}::uuid, q.id, 'active', ${date}::date, ${date}::date,
            (select m.id from members m where m.household_id = q.id and m.operator_id = ${op}
              and m.relationship = 'head' and m.status = 'active' limit 1),
            ${actor.id}::uuid
          from q
          on conflict (programme_id, household_id) where member_id is null do nothing
          returning id, household_id, recipient_member_id),
        aud as (insert into audit_log (operator_id, actor_id, action, entity_type, entity_id, after, request_id)
          select ${op}, ${actor.id}::uuid, 'enrolment.create', 'enrolment', ins.id::text,
            jsonb_build_object('programmeId', ${programme.id}::text, 'householdId', ins.household_id,
              'memberId', null, 'status', 'active', 'enrolledOn', ${date}::text,
              'recipientMemberId', ins.recipient_member_id, 'bulk', true),
            ${req}
          from ins)
        select (select count(*)::int from q) as qualifying,
          coalesce((select json_agg(json_build_array(ins.id, ins.recipient_member_id)) from ins), '[]'::json) as added`,
    );
    const qualifying = Number(result?.qualifying ?? 0);
    const added = (typeof result?.added === 'string' ? JSON.parse(result.added) : (result?.added ?? [])) as [
      string,
      string | null,
    ][];
    const rows = added.map(([id, carrier]) => ({ id, carrier }));
    const withoutHead = rows.filter((r) => !r.carrier).map((r) => r.id);
    await tellRegistry(tx, actor, [
      ...rows.map((r) => r.carrier).filter((c): c is string => c !== null),
      ...(await carriersOf(tx, actor, withoutHead)),
    ]);
    await writeAudit(tx, {
      ...audit(actor),
      action: 'enrolment.bulk',
      entityType: 'programme',
      entityId: programme.id,
      after: {
        source: data.source,
        filters: data.source === 'search' ? data.filters : null,
        added: rows.length,
        qualifying,
      },
    });
    return { added: rows.length, qualifying };
  });
}
