import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { members } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import { reserveCodes, type CodeOwner } from '@/lib/codes/reserve';
import { memberValues } from '@/lib/households/enrol';
import { lockKhmerIds } from '@/lib/households/khmer-id-lock';
import { enqueueMemberChanges, type MemberChange } from '@/lib/registry/outbox';
import { enrolledKhmerIds } from './bulk-dedupe';
import { presentMemberKeys } from './duplicates';
import { householdKey, memberKey } from './keys';
import { message, type RowErrors } from './row';
import { rowsOf } from '@/db/rows';
import type { ErrorRecorder, ValidHousehold } from './validate';

// One batch of valid households, in the caller's transaction: what is already there is skipped
// (import keys), a second head for a household imported before is held back with the reason, and
// the rest is written with one INSERT … SELECT for the households and one for the members.

/** The job acts for its operator: it is the tenant of every query it runs, and its code prefixes the household codes. */
export interface JobContext extends CodeOwner {
  id: string;
  operatorCode: string;
  actorId: string;
  /** Rows to import with a "possible duplicate" warning (see duplicates.ts): row → household code. */
  flagged: Map<number, string>;
}

export interface BatchOutcome {
  households: number;
  members: number;
  skipped: number;
  heldBack: number;
}

interface Keyed extends ValidHousehold {
  key: string;
  memberKeys: string[];
  existing?: { id: string; code: string };
}

/** Import key → household, for the keys already imported (one query: the keys travel as one JSON array). */
async function existingHouseholds(tx: Db, actor: Tenant, keys: string[]) {
  const result = await tx.execute(sql`
    select h.import_key as key, h.id, h.code
    from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)
    join households h on h.operator_id = ${tenantOf(actor)} and h.import_key = k.key`);
  return new Map(
    rowsOf<{ key: string; id: string; code: string }>(result).map((r) => [r.key, { id: r.id, code: r.code }]),
  );
}

/** Households imported before that already have a head. */
async function householdsWithHead(tx: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ id: members.householdId })
    .from(members)
    .where(and(inArray(members.householdId, ids), eq(members.relationship, 'head')));
  return new Set(rows.map((r) => r.id));
}

/** New rows that would give a household imported before a second head. */
async function headProblems(tx: Db, batch: Keyed[], present: Set<string>) {
  const fresh = batch.flatMap((h) =>
    h.data.members.map((m, j) => ({ h, m, j, row: h.rows[j]!.row })).filter((x) => !present.has(x.h.memberKeys[x.j]!)),
  );
  const problems = new Map<number, RowErrors>();
  const withHead = await householdsWithHead(
    tx,
    batch.filter((h) => h.existing).map((h) => h.existing!.id),
  );
  for (const x of fresh) {
    if (x.m.relationship === 'head' && x.h.existing && withHead.has(x.h.existing.id)) {
      problems.set(x.row, { relationship: [message('headExists', { code: x.h.existing.code })] });
    }
  }
  return { fresh, problems };
}

async function insertHouseholds(tx: Db, job: JobContext, list: Keyed[], codes: string[]): Promise<number> {
  if (list.length === 0) return 0;
  const json = JSON.stringify(
    list.map((h, k) => ({
      key: h.key,
      code: codes[k],
      village_code: h.data.household.villageCode,
      address_line: h.data.household.addressLine,
      idpoor_number: h.data.household.idpoorNumber,
      idpoor_level: h.data.household.idpoorLevel,
      phone: h.data.household.phone,
      notes: h.data.household.notes,
    })),
  );
  const result = await tx.execute(sql`
    with ins as (
      insert into households (operator_id, code, village_code, address_line, idpoor_number, idpoor_level, phone, notes, import_key, created_by)
      select ${tenantOf(job)}, x.code, x.village_code, x.address_line, x.idpoor_number, x.idpoor_level, x.phone, x.notes, x.key, ${job.actorId}::uuid
      from jsonb_to_recordset(${json}::jsonb) as x(key text, code text, village_code text, address_line text,
        idpoor_number text, idpoor_level smallint, phone text, notes text)
      on conflict (operator_id, import_key) where import_key is not null do nothing
      returning 1)
    select count(*)::int as n from ins`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** Inserts the members (skipping keys already there) and queues each new one for the registry. */
async function insertMembers(tx: Db, job: JobContext, list: { h: Keyed; j: number }[]): Promise<number> {
  if (list.length === 0) return 0;
  const json = JSON.stringify(
    list.map(({ h, j }) => {
      const v = memberValues(h.data.members[j]!);
      return {
        household_key: h.key,
        import_key: h.memberKeys[j],
        surname_km: v.surnameKm,
        given_name_km: v.givenNameKm,
        surname_latin: v.surnameLatin,
        given_name_latin: v.givenNameLatin,
        name_km_key: v.nameKmKey,
        name_latin_key: v.nameLatinKey,
        sex: v.sex,
        birth_date: v.birthDate,
        birth_year: v.birthYear,
        birth_estimated: v.birthEstimated,
        relationship: v.relationship,
        khmer_id: v.khmerId,
        birth_certificate_no: v.birthCertificateNo,
        phone: v.phone,
        disability: v.disability,
        has_disability: v.hasDisability,
        marital_status: v.maritalStatus,
      };
    }),
  );
  const result = await tx.execute(sql`
    with ins as (
      insert into members (operator_id, household_id, village_code, surname_km, given_name_km, surname_latin, given_name_latin, name_km_key,
        name_latin_key, sex, birth_date, birth_year, birth_estimated, relationship, khmer_id, birth_certificate_no, phone,
        disability, has_disability, marital_status, import_key, created_by)
      -- The household's own village, as the members_village_code trigger would look it up (migration 0012).
      select ${tenantOf(job)}, h.id, h.village_code, x.surname_km, x.given_name_km, x.surname_latin, x.given_name_latin, x.name_km_key,
        x.name_latin_key, x.sex, x.birth_date, x.birth_year, x.birth_estimated, x.relationship, x.khmer_id, x.birth_certificate_no,
        x.phone, x.disability, x.has_disability, x.marital_status, x.import_key, ${job.actorId}::uuid
      from jsonb_to_recordset(${json}::jsonb) as x(household_key text, import_key text, surname_km text, given_name_km text,
        surname_latin text, given_name_latin text, name_km_key text, name_latin_key text, sex text, birth_date date,
        birth_year smallint, birth_estimated boolean, relationship text, khmer_id text, birth_certificate_no text, phone text,
        disability jsonb, has_disability boolean, marital_status text)
      join households h on h.operator_id = ${tenantOf(job)} and h.import_key = x.household_key
      on conflict (operator_id, import_key) where import_key is not null do nothing
      returning id, operator_id, version)
    select id, operator_id as "operatorId", version from ins`);
  const inserted = rowsOf<MemberChange>(result);
  // Same transaction, as enrolment does: no member without its registry outbox row.
  await enqueueMemberChanges(tx, inserted, job.actorId);
  return inserted.length;
}

type Fresh = Awaited<ReturnType<typeof headProblems>>['fresh'][number];

/**
 * The file was checked against the operator's Khmer IDs before the first batch (duplicates.ts); an
 * officer may have enrolled one of them since. Under the batch's Khmer ID locks, look again: such a
 * row holds its household back, as the first check would have.
 */
async function enrolledSinceCheck(tx: Db, job: JobContext, fresh: Fresh[], problems: Map<number, RowErrors>) {
  const ids = fresh.map((x) => x.m.khmerId).filter((v): v is string => Boolean(v));
  if (ids.length === 0) return;
  const enrolled = await enrolledKhmerIds(tx, job, ids);
  for (const x of fresh) {
    const code = x.m.khmerId ? enrolled.get(x.m.khmerId) : undefined;
    if (code) problems.set(x.row, { ...problems.get(x.row), khmer_id: [message('khmerIdEnrolled', { code })] });
  }
}

export async function importBatch(
  tx: Db,
  job: JobContext,
  batch: ValidHousehold[],
  recorder: ErrorRecorder,
): Promise<BatchOutcome> {
  // An enrolment or member edit of one of these Khmer IDs waits for this batch, then sees its members.
  await lockKhmerIds(
    tx,
    job,
    batch.flatMap((h) => h.data.members.map((m) => m.khmerId)),
  );
  const keyed: Keyed[] = batch.map((h) => {
    const key = householdKey(job, h.ref, h.data);
    return { ...h, key, memberKeys: h.data.members.map((m) => memberKey(key, m)) };
  });
  const before = await existingHouseholds(
    tx,
    job,
    keyed.map((h) => h.key),
  );
  for (const h of keyed) h.existing = before.get(h.key);
  // Members can only be there already in households that are: a first import asks nothing more.
  const present = await presentMemberKeys(
    tx,
    job,
    keyed.filter((h) => h.existing).flatMap((h) => h.memberKeys),
  );
  const { fresh, problems } = await headProblems(tx, keyed, present);
  await enrolledSinceCheck(tx, job, fresh, problems);

  // A household is written whole or not at all: one problem holds back all of its new rows.
  const held = new Set(fresh.filter((x) => problems.has(x.row)).map((x) => x.h));
  const toWrite = fresh.filter((x) => !held.has(x.h));
  for (const x of fresh)
    if (held.has(x.h)) recorder.add(x.row, problems.get(x.row) ?? { _row: ['heldBack'] }, x.h.rows[x.j]!.raw);
  const newHouseholds = keyed.filter((h) => !h.existing && !held.has(h) && toWrite.some((x) => x.h === h));
  // One statement for the whole batch, from the same sequence as the enrolment form's codes.
  const codes = await reserveCodes(tx, job, 'household', newHouseholds.length);
  const createdHouseholds = await insertHouseholds(tx, job, newHouseholds, codes);
  const createdMembers = await insertMembers(tx, job, toWrite);
  for (const x of toWrite) {
    const code = job.flagged.get(x.row);
    if (code) recorder.add(x.row, { _row: [message('similarImported', { code })] }, x.h.rows[x.j]!.raw, false);
  }
  const outcome = {
    households: createdHouseholds,
    members: createdMembers,
    heldBack: fresh.length - toWrite.length,
    skipped: keyed.reduce((n, h) => n + h.data.members.length, 0) - fresh.length + (toWrite.length - createdMembers),
  };
  if (createdMembers > 0 || createdHouseholds > 0) {
    const rows = toWrite.map((x) => x.row);
    await writeAudit(tx, {
      operatorId: job.operatorId,
      actorId: job.actorId,
      action: 'household.import',
      entityType: 'import_job',
      entityId: job.id,
      after: {
        households: createdHouseholds,
        members: createdMembers,
        codes: codes.length ? [codes[0], codes.at(-1)] : [],
        rows: [Math.min(...rows), Math.max(...rows)],
        possibleDuplicatesImported: toWrite.filter((x) => job.flagged.has(x.row)).length,
      },
    });
  }
  return outcome;
}
