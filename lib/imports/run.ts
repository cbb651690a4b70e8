import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { db } from '@/db/client';
import { importJobErrors, importJobs, operators } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { systemLogger } from '@/lib/log';
import { hadMembersBefore } from './bulk-dedupe';
import { claimImportJob, releaseImportJob } from './claim';
import { checkDuplicates } from './duplicates';
import { importBatch, type JobContext } from './batch';
import { detectKind } from './read';
import { ImportRefusal, type RefusalKey, type RefusalParams } from './refusal';
import { knownVillages, scanFile } from './scan';
import { optionsPath, removeJobFiles, spoolPath, uploadPath } from './storage';
import { ErrorRecorder, validateFile, type ValidHousehold } from './validate';

// A job runs in the server process, after the upload's response: read the file (scan), check every
// row (validate), then import the valid households batch by batch, each batch in its own
// transaction with its counters and audit row. A crash loses at most the batch in flight, and
// running the job again is safe: rows already imported are found by their import keys and skipped.

export const JOB_STATUSES = ['queued', 'scanning', 'validating', 'importing', 'done', 'refused', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
const UNFINISHED: JobStatus[] = ['queued', 'scanning', 'validating', 'importing'];
/** Rows per import batch (a batch ends at a household boundary). */
const BATCH_ROWS = 2500;
const ANALYZE_AFTER = 5000;

export interface JobOptions {
  confirmSimilar: boolean;
}

export async function saveJobOptions(jobId: string, options: JobOptions): Promise<void> {
  await writeFile(optionsPath(jobId), JSON.stringify(options), { mode: 0o600 });
}

async function jobOptions(jobId: string): Promise<JobOptions> {
  try {
    return JSON.parse(await readFile(optionsPath(jobId), 'utf8')) as JobOptions;
  } catch {
    return { confirmSimilar: false };
  }
}

async function setJob(jobId: string, values: Partial<typeof importJobs.$inferInsert>): Promise<void> {
  await db().update(importJobs).set(values).where(eq(importJobs.id, jobId));
}

/** Imports the valid households batch by batch; `held` ones were refused by the duplicate checks. */
async function importSpool(job: JobContext, held: Set<string>, settled: number, invalid: number): Promise<number> {
  await setJob(job.id, { processedRows: settled, invalidRows: invalid });
  let batch: ValidHousehold[] = [];
  let rows = 0;
  let created = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db().transaction(async (tx) => {
      const recorder = new ErrorRecorder(job);
      const out = await importBatch(tx, job, batch, recorder);
      created += out.members;
      await recorder.flush(tx);
      await tx
        .update(importJobs)
        .set({
          processedRows: sql`${importJobs.processedRows} + ${rows}`,
          createdHouseholds: sql`${importJobs.createdHouseholds} + ${out.households}`,
          createdMembers: sql`${importJobs.createdMembers} + ${out.members}`,
          skippedRows: sql`${importJobs.skippedRows} + ${out.skipped}`,
          invalidRows: sql`${importJobs.invalidRows} + ${out.heldBack}`,
        })
        .where(eq(importJobs.id, job.id));
    });
    batch = [];
    rows = 0;
  };
  // Nothing may be awaited between creating the reader and iterating it: lines read meanwhile are lost.
  const lines = createInterface({ input: createReadStream(spoolPath(job.id)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const household = JSON.parse(line) as ValidHousehold;
    if (held.has(household.ref)) continue;
    batch.push(household);
    rows += household.rows.length;
    if (rows >= BATCH_ROWS) await flush();
  }
  await flush();
  return created;
}

async function finish(jobId: string, status: JobStatus, error?: { key: RefusalKey; params?: RefusalParams }) {
  await db().transaction(async (tx) => {
    const [job] = await tx
      .update(importJobs)
      .set({ status, error: error ? JSON.stringify(error) : null, finishedAt: new Date() })
      .where(eq(importJobs.id, jobId))
      .returning();
    if (!job) return;
    await writeAudit(tx, {
      operatorId: job.operatorId,
      actorId: job.actorId,
      action: 'import.finish',
      entityType: 'import_job',
      entityId: job.id,
      after: {
        status,
        fileName: job.fileName,
        fileSha256: job.fileSha256,
        totalRows: job.totalRows,
        invalidRows: job.invalidRows,
        createdHouseholds: job.createdHouseholds,
        createdMembers: job.createdMembers,
        skippedRows: job.skippedRows,
        error: error?.key ?? null,
      },
    });
  });
}

async function run(jobId: string): Promise<void> {
  const [row] = await db()
    .select({ job: importJobs, operatorCode: operators.code })
    .from(importJobs)
    .innerJoin(operators, eq(operators.id, importJobs.operatorId))
    .where(eq(importJobs.id, jobId));
  if (!row || !UNFINISHED.includes(row.job.status as JobStatus)) return;
  // The job acts for its operator: its row is the tenant of every check and write below.
  const { job } = row;
  const file = uploadPath(jobId);
  // A job may be re-run from the start (after a restart): its report is rebuilt, its counters recounted.
  await db().delete(importJobErrors).where(eq(importJobErrors.jobId, jobId));
  await setJob(jobId, {
    status: 'scanning',
    totalRows: 0,
    processedRows: 0,
    invalidRows: 0,
    createdHouseholds: 0,
    createdMembers: 0,
    skippedRows: 0,
    error: null,
  });
  const kind = await detectKind(file);
  const scan = await scanFile(file, kind, (n) => setJob(jobId, { processedRows: n }));
  await setJob(jobId, { status: 'validating', totalRows: scan.totalRows, processedRows: 0 });
  const villages = await knownVillages(db(), scan.villages);
  const recorder = new ErrorRecorder(job);
  const { validRows } = await validateFile(db(), file, kind, scan, villages, recorder, spoolPath(jobId), (n) =>
    setJob(jobId, { processedRows: n, invalidRows: recorder.rows }),
  );
  const options = await jobOptions(jobId);
  await setJob(jobId, { status: 'importing', invalidRows: recorder.rows, processedRows: scan.totalRows - validRows });
  // Nobody can be a duplicate of a member when the operator had none before the job (a first import).
  const duplicates = (await hadMembersBefore(db(), job, job.createdAt))
    ? await checkDuplicates(db(), job, options, spoolPath(jobId), recorder)
    : { held: new Set<string>(), flagged: new Map<number, string>(), heldRows: 0, presentRows: 0 };
  const context: JobContext = {
    id: job.id,
    operatorId: job.operatorId,
    operatorCode: row.operatorCode,
    actorId: job.actorId,
    flagged: duplicates.flagged,
  };
  await setJob(jobId, { skippedRows: duplicates.presentRows });
  const settled = scan.totalRows - validRows + duplicates.heldRows + duplicates.presentRows;
  const created = await importSpool(context, duplicates.held, settled, recorder.rows);
  // Fresh statistics after a bulk load, or the next queries (search, the next import) plan on stale ones.
  if (created >= ANALYZE_AFTER) await db().execute(sql`analyze households; analyze members`);
  await finish(jobId, 'done');
}

export async function runImportJob(jobId: string): Promise<void> {
  try {
    await run(jobId);
  } catch (e) {
    if (e instanceof ImportRefusal) {
      // A file the reader failed on says why in the log (the person sees "could not be read"): a
      // library's fault looks like a bad file otherwise. The name and message only: a CSV parser's
      // message may quote the file's text, which is personal data, so CSV errors give their code.
      if (e.cause instanceof Error) {
        const { name, message } = e.cause;
        const code = (e.cause as { code?: unknown }).code;
        systemLogger('import').warn(
          {
            event: 'import.unreadable',
            jobId,
            refusal: e.key,
            reason: { name, code, message: code ? undefined : message },
          },
          'an import file could not be read',
        );
      }
      await finish(jobId, 'refused', { key: e.key, params: e.params });
    } else {
      systemLogger('import').error({ err: e, jobId }, 'import job failed');
      await finish(jobId, 'failed', { key: 'internal' });
    }
  } finally {
    await removeJobFiles(jobId);
    await releaseImportJob(jobId);
  }
}

type Queue = { pending: string[]; running: Promise<void> | null };
// On globalThis: Next may load this module twice in one server, and there must be one queue.
const queue = (): Queue =>
  ((globalThis as typeof globalThis & { __sdpImportQueue?: Queue }).__sdpImportQueue ??= {
    pending: [],
    running: null,
  });

async function drain(q: Queue): Promise<void> {
  try {
    for (let id = q.pending.shift(); id; id = q.pending.shift()) {
      await runImportJob(id).catch((err: unknown) =>
        systemLogger('import').error({ err, jobId: id }, 'import job could not be closed'),
      );
    }
  } finally {
    q.running = null;
  }
}

/**
 * Jobs run one at a time per server process, so memory and database load stay bounded. The job must be
 * claimed by this process first (createImportJob, resumeImportJobs).
 */
export function enqueueImport(jobId: string): void {
  const q = queue();
  if (!q.pending.includes(jobId)) q.pending.push(jobId);
  q.running ??= drain(q);
}

/** Resolves when no job is queued or running (tests, the benchmark). */
export async function importsSettled(): Promise<void> {
  while (queue().running) await queue().running;
}

/**
 * At start-up: jobs left unfinished by a stopped server run again when their file is still here
 * (their batches are idempotent); otherwise they are marked interrupted, to be uploaded again. A job
 * another running instance has claimed (queued or running there) is its own: left alone.
 */
export async function resumeImportJobs(): Promise<void> {
  const open = await db().select({ id: importJobs.id }).from(importJobs).where(inArray(importJobs.status, UNFINISHED));
  for (const { id } of open) {
    if (!(await claimImportJob(id))) continue;
    try {
      // Read again under the claim: the instance that held it may have finished it meanwhile.
      const [job] = await db().select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, id));
      if (!job || !UNFINISHED.includes(job.status as JobStatus)) {
        await releaseImportJob(id);
      } else if (existsSync(uploadPath(id))) {
        enqueueImport(id);
      } else {
        await finish(id, 'failed', { key: 'interrupted' });
        await releaseImportJob(id);
      }
    } catch (err) {
      await releaseImportJob(id);
      throw err;
    }
  }
}
