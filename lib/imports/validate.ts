import 'server-only';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Db } from '@/db/client';
import { importJobErrors } from '@/db/schema';
import type { Tenant } from '@/lib/auth/scope';
import { MAX_MEMBERS, type EnrolmentData } from '@/lib/households/schemas';
import { checkHousehold, type CheckedHousehold, type SourceRow } from './household';
import type { FileKind } from './read';
import { addError, message, rowInput, type RowErrors } from './row';
import type { Scan } from './scan';
import { hasExtraCells, rawOf, tableRows, valuesOf } from './table';

// Second pass: every row is validated (row by row with the enrolment schema, then as a household
// once its last row is read) before anything is imported. Invalid rows go to import_job_errors with
// their original values; valid households are written to a spool file that the import pass reads.

/** One valid household, as the spool file holds it (one JSON line each). */
export interface ValidHousehold {
  ref: string;
  rows: { row: number; raw: Record<string, string> }[];
  data: EnrolmentData;
}

/** Buffers report rows and writes them in multi-row inserts. */
export class ErrorRecorder {
  private buffer: (typeof importJobErrors.$inferInsert)[] = [];
  rows = 0;
  /** `job`: the import job, whose operator owns the report rows. */
  constructor(private readonly job: Tenant & { readonly id: string }) {}
  /** `counted`: the row was not imported (a warning on an imported row is reported but not counted). */
  add(rowNumber: number, errors: RowErrors, raw: Record<string, string>, counted = true) {
    this.buffer.push({ jobId: this.job.id, operatorId: this.job.operatorId, rowNumber, errors, raw });
    if (counted) this.rows += 1;
  }
  get pending() {
    return this.buffer.length;
  }
  async flush(tx: Db) {
    for (let i = 0; i < this.buffer.length; i += 500) {
      await tx
        .insert(importJobErrors)
        .values(this.buffer.slice(i, i + 500))
        .onConflictDoNothing();
    }
    this.buffer = [];
  }
}

const khmerIdOf = (raw: string) => {
  const id = raw.replace(/[\s-]/g, '');
  return /^\d{9}$/.test(id) ? id : null;
};

interface Context {
  db: Db;
  scan: Scan;
  villages: Set<string>;
  recorder: ErrorRecorder;
  spool: WriteStream;
  /** Khmer ID → first row carrying it, across the whole file. */
  khmerIds: Map<string, number>;
}

/** File-wide checks (the village exists; a Khmer ID appears once in the file), then report or spool. */
async function settle(ctx: Context, checked: CheckedHousehold): Promise<number> {
  const errors = new Map<number, RowErrors>(checked.errors);
  const errorsOf = (row: number) => errors.get(row) ?? (errors.set(row, {}), errors.get(row)!);
  const own = new Set(checked.rows.map((r) => r.row));
  for (const r of checked.rows) {
    const id = khmerIdOf(r.input.member.khmerId);
    if (!id) continue;
    const first = ctx.khmerIds.get(id);
    if (first === undefined) ctx.khmerIds.set(id, r.row);
    else if (!own.has(first)) addError(errorsOf(r.row), 'khmer_id', message('khmerIdInFile', { row: first }));
  }
  // Checked whether or not the household has other problems, so that the report names every problem of
  // a row at once (a bad village beside a bad date), not one per upload.
  const at = checked.rows.find((r) => r.input.household.village_code !== undefined);
  const village = checked.data?.household.villageCode ?? at?.input.household.village_code;
  if (village && /^\d{8}$/.test(village) && !ctx.villages.has(village)) {
    const row = (at ?? checked.rows[0]!).row;
    if (!errors.get(row)?.village_code) addError(errorsOf(row), 'village_code', 'unknownVillage');
  }
  if (errors.size > 0 || !checked.data) {
    for (const r of checked.rows) ctx.recorder.add(r.row, errors.get(r.row) ?? { _row: ['heldBack'] }, r.raw);
    return 0;
  }
  const line: ValidHousehold = {
    ref: checked.ref,
    rows: checked.rows.map((r) => ({ row: r.row, raw: r.raw })),
    data: checked.data,
  };
  if (!ctx.spool.write(`${JSON.stringify(line)}\n`)) await once(ctx.spool, 'drain');
  return checked.rows.length;
}

/** A row without a household reference stands alone: its own problems, and the missing reference. */
function alone(src: SourceRow): CheckedHousehold {
  const checked = checkHousehold('', [src]);
  const errors = checked.errors.get(src.row) ?? {};
  if (errors.relationship) errors.relationship = errors.relationship.filter((m) => m !== 'noHead');
  if (errors.relationship?.length === 0) delete errors.relationship;
  return { ...checked, data: null, errors: new Map([[src.row, errors]]) };
}

export async function validateFile(
  db: Db,
  file: string,
  kind: FileKind,
  scan: Scan,
  villages: Set<string>,
  recorder: ErrorRecorder,
  spoolFile: string,
  onProgress: (rows: number) => Promise<void>,
): Promise<{ validRows: number }> {
  const spool = createWriteStream(spoolFile, { mode: 0o600 });
  const ctx: Context = { db, scan, villages, recorder, spool, khmerIds: new Map() };
  const open = new Map<string, SourceRow[]>();
  let validRows = 0;
  let seen = 0;
  try {
    for await (const r of tableRows(file, kind, () => {})) {
      const header = scan.header;
      const input = rowInput(valuesOf(header, r.cells));
      if (hasExtraCells(header, r.cells)) addError(input.errors, '_row', 'tooManyCells');
      const src: SourceRow = { row: r.row, input, raw: rawOf(header, r.cells) };
      seen += 1;
      const household = scan.households.get(input.ref);
      if (!input.ref) {
        validRows += await settle(ctx, alone(src));
      } else if (household && household.rows > MAX_MEMBERS) {
        // Refused whatever its rows say, so its rows are not held in memory (a file where every
        // row has the same reference would otherwise be held whole).
        addError(input.errors, 'household_ref', 'tooManyMembers');
        recorder.add(r.row, input.errors, src.raw);
      } else {
        const rows = open.get(input.ref) ?? [];
        rows.push(src);
        open.set(input.ref, rows);
        if (household?.last === r.row) {
          open.delete(input.ref);
          validRows += await settle(ctx, checkHousehold(input.ref, rows));
        }
      }
      if (seen % 2000 === 0) {
        await recorder.flush(db);
        await onProgress(seen);
      }
    }
    // Only when the file changed between the passes can a household still be open here.
    for (const [ref, rows] of open) validRows += await settle(ctx, checkHousehold(ref, rows));
    await recorder.flush(db);
    await onProgress(seen);
  } finally {
    await new Promise((resolve) => spool.end(resolve));
  }
  return { validRows };
}
