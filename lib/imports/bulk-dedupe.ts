import 'server-only';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { households, members } from '@/db/schema';
import { ownedBy, tenantOf, type Tenant } from '@/lib/auth/scope';
import { KHMER_SIMILAR, LATIN_SIMILAR } from '@/lib/households/dedupe';
import { rowsOf } from '@/db/rows';

// The enrolment form's duplicate rules (lib/households/dedupe.ts), one query per batch instead of
// one per person: same Khmer ID within the operator; similar people = same or close normalised
// Khmer name (or a close Latin name), same sex, born within a year, address in the same commune.

export interface Candidate {
  /** Index in the caller's list. */
  i: number;
  nameKey: string;
  latinKey: string | null;
  sex: string;
  birthYear: number;
  birthDate: string | null;
  estimated: boolean;
  commune: string;
}

/** Khmer ID → the code of a household where a member already holds it. */
export async function enrolledKhmerIds(tx: Db, actor: Tenant, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await tx
      .select({ khmerId: members.khmerId, code: households.code })
      .from(members)
      .innerJoin(households, eq(households.id, members.householdId))
      .where(and(ownedBy(members, actor), inArray(members.khmerId, ids.slice(i, i + 1000))));
    for (const r of rows) if (r.khmerId && !out.has(r.khmerId)) out.set(r.khmerId, r.code);
  }
  return out;
}

/** Whether the operator had any member before `before`: when not, nobody can be a duplicate of one. */
export async function hadMembersBefore(tx: Db, actor: Tenant, before: Date): Promise<boolean> {
  const rows = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(ownedBy(members, actor), lt(members.createdAt, before)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Candidate index → the code of a household with a similar member enrolled before `before` (the
 * job's start: people of the same file are not compared with each other, and a job run again after
 * a restart does not find its own rows). The members of the candidates' communes are read once,
 * commune by commune and household by household through their indexes (lateral, "offset 0" keeps
 * the planner from reordering: statistics are stale right after a big import, and a plan built on
 * them scanned millions of pairs), then joined on commune, sex and each of the three possible birth years: a
 * hash join, not a scan per person.
 */
export async function similarEnrolled(
  tx: Db,
  actor: Tenant,
  before: Date,
  list: Candidate[],
): Promise<Map<number, string>> {
  if (list.length === 0) return new Map();
  const json = JSON.stringify(
    list.map((c) => ({
      i: c.i,
      name_key: c.nameKey,
      latin_key: c.latinKey,
      sex: c.sex,
      birth_year: c.birthYear,
      birth_date: c.birthDate,
      estimated: c.estimated,
      commune: c.commune,
    })),
  );
  const result = await tx.execute(sql`
    with x as (
      select x.*, y.year from jsonb_to_recordset(${json}::jsonb) as x(i int, name_key text, latin_key text, sex text,
        birth_year int, birth_date date, estimated boolean, commune text)
      cross join lateral (values (x.birth_year - 1), (x.birth_year), (x.birth_year + 1)) as y(year)
    ), communes as materialized (
      select distinct commune from x
    ), c as materialized (
      select m.name_km_key, m.name_latin_key, m.sex, m.birth_year, m.birth_date, m.birth_estimated, h.commune_code, h.code
      from communes k
      cross join lateral (select h.id, h.code, h.commune_code from households h
        where h.operator_id = ${tenantOf(actor)} and h.commune_code = k.commune offset 0) h
      cross join lateral (select * from members m
        where m.operator_id = ${tenantOf(actor)} and m.household_id = h.id and m.created_at < ${before.toISOString()}::timestamptz offset 0) m
    )
    select distinct on (x.i) x.i, c.code
    from x join c on c.commune_code = x.commune and c.sex = x.sex and c.birth_year = x.year
    where (case when x.estimated or x.birth_date is null or c.birth_estimated or c.birth_date is null
             then c.birth_year = x.birth_year else abs(c.birth_date - x.birth_date) <= 366 end)
      and (c.name_km_key = x.name_key or similarity(c.name_km_key, x.name_key) >= ${KHMER_SIMILAR}
        or (x.latin_key is not null and similarity(coalesce(c.name_latin_key, ''), x.latin_key) >= ${LATIN_SIMILAR}))
    order by x.i, c.code`);
  return new Map(rowsOf<{ i: number; code: string }>(result).map((r) => [Number(r.i), r.code]));
}
