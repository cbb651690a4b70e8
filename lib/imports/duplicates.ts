import 'server-only';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { tenantOf, type Tenant } from '@/lib/auth/scope';
import { khmerNameKey, latinNameKey } from '@/lib/text/normalise';
import { enrolledKhmerIds, similarEnrolled, type Candidate } from './bulk-dedupe';
import { householdKey, memberKey } from './keys';
import { addError, message, type RowErrors } from './row';
import { rowsOf } from '@/db/rows';
import type { ErrorRecorder, ValidHousehold } from './validate';

// Before anything is written, the valid rows are compared with the members the operator had when
// the job started: a Khmer ID already enrolled holds the household back; a similar person holds it
// back too, unless the import was started to import them (then they are flagged in the report).
// Large chunks keep this to a few set-based queries per file: each query reads the existing members
// of the chunk's communes once, whatever the number of rows compared with them.

const CHUNK_ROWS = 10_000;

export interface DuplicateOutcome {
  /** Household references held back (their rows are in the report already). */
  held: Set<string>;
  /** Rows to import with a warning: row → code of the household of the similar member. */
  flagged: Map<number, string>;
  heldRows: number;
  /** Rows of held households that were imported before: already present. */
  presentRows: number;
}

/** The member import keys among these that the operator has already (the keys travel as one JSON array). */
export async function presentMemberKeys(tx: Db, actor: Tenant, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await tx.execute(sql`
    select m.import_key as key
    from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)
    join members m on m.operator_id = ${tenantOf(actor)} and m.import_key = k.key`);
  return new Set(rowsOf<{ key: string }>(result).map((r) => r.key));
}

/** The import job: it acts for its operator, and its creation is when it started (see similarEnrolled). */
export interface CheckedJob extends Tenant {
  readonly createdAt: Date;
}

async function checkChunk(
  db: Db,
  job: CheckedJob,
  confirmSimilar: boolean,
  chunk: ValidHousehold[],
  recorder: ErrorRecorder,
  out: DuplicateOutcome,
) {
  const rows = chunk.flatMap((h) => {
    const hkey = householdKey(job, h.ref, h.data);
    return h.data.members.map((m, j) => ({ h, m, row: h.rows[j]!.row, raw: h.rows[j]!.raw, key: memberKey(hkey, m) }));
  });
  const present = await presentMemberKeys(
    db,
    job,
    rows.map((r) => r.key),
  );
  const fresh = rows.filter((r) => !present.has(r.key));
  const problems = new Map<number, RowErrors>();
  const errorsOf = (row: number) => problems.get(row) ?? (problems.set(row, {}), problems.get(row)!);
  const enrolled = await enrolledKhmerIds(
    db,
    job,
    fresh.map((r) => r.m.khmerId).filter((v): v is string => Boolean(v)),
  );
  for (const r of fresh) {
    const code = r.m.khmerId ? enrolled.get(r.m.khmerId) : undefined;
    if (code) addError(errorsOf(r.row), 'khmer_id', message('khmerIdEnrolled', { code }));
  }
  const candidates: Candidate[] = fresh.map((r, i) => ({
    i,
    nameKey: khmerNameKey(r.m.surnameKm, r.m.givenNameKm),
    latinKey: latinNameKey(r.m.surnameLatin, r.m.givenNameLatin),
    sex: r.m.sex,
    birthYear: r.m.birthYear,
    birthDate: r.m.birthDate,
    estimated: r.m.birthEstimated,
    commune: r.h.data.household.villageCode.slice(0, 6),
  }));
  for (const [i, code] of await similarEnrolled(db, job, job.createdAt, candidates)) {
    const r = fresh[i]!;
    // The same Khmer ID says it already; "similar" would only repeat it about the same person.
    if (problems.get(r.row)?.khmer_id) continue;
    if (confirmSimilar) out.flagged.set(r.row, code);
    else addError(errorsOf(r.row), '_row', message('similarEnrolled', { code }));
  }
  // A household is imported whole or not at all: one problem holds back all of its new rows.
  const held = new Set(fresh.filter((r) => problems.has(r.row)).map((r) => r.h));
  for (const r of fresh) {
    if (!held.has(r.h)) continue;
    recorder.add(r.row, problems.get(r.row) ?? { _row: ['heldBack'] }, r.raw);
    out.heldRows += 1;
  }
  for (const h of held) out.held.add(h.ref);
  out.presentRows += rows.filter((r) => held.has(r.h) && present.has(r.key)).length;
  await recorder.flush(db);
}

export async function checkDuplicates(
  db: Db,
  job: CheckedJob,
  options: { confirmSimilar: boolean },
  spoolFile: string,
  recorder: ErrorRecorder,
): Promise<DuplicateOutcome> {
  const out: DuplicateOutcome = { held: new Set(), flagged: new Map(), heldRows: 0, presentRows: 0 };
  let chunk: ValidHousehold[] = [];
  let rows = 0;
  const lines = createInterface({ input: createReadStream(spoolFile), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const h = JSON.parse(line) as ValidHousehold;
    chunk.push(h);
    rows += h.rows.length;
    if (rows >= CHUNK_ROWS) {
      await checkChunk(db, job, options.confirmSimilar, chunk, recorder, out);
      chunk = [];
      rows = 0;
    }
  }
  if (chunk.length > 0) await checkChunk(db, job, options.confirmSimilar, chunk, recorder, out);
  return out;
}
