import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { importJobs, type Locale } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { cleanText } from '@/lib/text/normalise';
import { claimImportJob, releaseImportJob } from './claim';
import { ImportRefusal } from './refusal';
import { enqueueImport, saveJobOptions, type JobStatus } from './run';
import { receiveUpload, removeJobFiles } from './storage';
import { importText } from './text';

// Import jobs as the upload page sees them: always the caller's operator, from the session.

export const uploadQuerySchema = z.object({
  name: z.string().max(1000).default('upload'),
  confirmSimilar: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
});
export type UploadQuery = z.output<typeof uploadQuerySchema>;

export interface ImportJobView {
  id: string;
  fileName: string;
  status: JobStatus;
  createdAt: string;
  finishedAt: string | null;
  totalRows: number;
  processedRows: number;
  invalidRows: number;
  createdHouseholds: number;
  createdMembers: number;
  skippedRows: number;
  /** 0–100 over the whole job (checking is the first half, importing the second); null while reading. */
  progress: number | null;
  refusal: string | null;
  hasReport: boolean;
}

const columns = {
  id: importJobs.id,
  fileName: importJobs.fileName,
  status: importJobs.status,
  createdAt: importJobs.createdAt,
  finishedAt: importJobs.finishedAt,
  totalRows: importJobs.totalRows,
  processedRows: importJobs.processedRows,
  invalidRows: importJobs.invalidRows,
  createdHouseholds: importJobs.createdHouseholds,
  createdMembers: importJobs.createdMembers,
  skippedRows: importJobs.skippedRows,
  error: importJobs.error,
  hasReport: sql<boolean>`exists (select 1 from import_job_errors e where e.job_id = ${importJobs.id})`,
};
interface JobRow {
  id: string;
  fileName: string;
  status: string;
  createdAt: Date;
  finishedAt: Date | null;
  totalRows: number;
  processedRows: number;
  invalidRows: number;
  createdHouseholds: number;
  createdMembers: number;
  skippedRows: number;
  error: string | null;
  hasReport: boolean;
}

function progressOf(j: Pick<JobRow, 'status' | 'totalRows' | 'processedRows'>): number | null {
  const share = j.totalRows > 0 ? Math.min(1, j.processedRows / j.totalRows) : 0;
  switch (j.status) {
    case 'queued':
      return 0;
    case 'scanning':
      return null;
    case 'validating':
      return Math.round(50 * share);
    case 'importing':
      return Math.round(50 + 50 * share);
    default:
      return 100;
  }
}

function view(j: JobRow, locale: Locale): ImportJobView {
  const { error, ...rest } = j;
  return {
    ...rest,
    status: j.status as JobStatus,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    hasReport: Boolean(j.hasReport),
    progress: progressOf(j),
    refusal: importText(locale).refusal(error),
  };
}

export const safeFileName = (name: string) => cleanText(name.split(/[\\/]/).at(-1) ?? '').slice(0, 200) || 'upload';

/**
 * A new job's id, claimed for this process before its row exists (lib/imports/claim.ts): another instance
 * starting up never sees it unclaimed. A claim refused for a fresh id is a hash collision with a running job.
 */
async function newClaimedJobId(): Promise<string> {
  for (;;) {
    const id = randomUUID();
    if (await claimImportJob(id)) return id;
  }
}

/** Stores the upload, records the job (refused at once when empty or too large) and queues it. */
export async function createImportJob(
  actor: OperatorUser,
  query: UploadQuery,
  body: ReadableStream<Uint8Array> | null,
  locale: Locale,
): Promise<ImportJobView> {
  const id = await newClaimedJobId();
  let refusal: ImportRefusal | null = null;
  let upload = { sha256: '', bytes: 0 };
  try {
    upload = await receiveUpload(body, id);
  } catch (e) {
    if (!(e instanceof ImportRefusal)) {
      await removeJobFiles(id);
      await releaseImportJob(id);
      throw e;
    }
    refusal = e;
  }
  const fileName = safeFileName(query.name);
  await db().transaction(async (tx) => {
    await tx.insert(importJobs).values({
      id,
      operatorId: actor.operatorId,
      actorId: actor.id,
      fileName,
      fileSha256: upload.sha256,
      status: refusal ? 'refused' : 'queued',
      error: refusal ? JSON.stringify({ key: refusal.key, params: refusal.params }) : null,
      finishedAt: refusal ? new Date() : null,
    });
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'import.upload',
      entityType: 'import_job',
      entityId: id,
      after: {
        fileName,
        bytes: upload.bytes,
        sha256: upload.sha256,
        confirmSimilar: query.confirmSimilar,
        refused: refusal?.key ?? null,
      },
    });
  });
  if (refusal) {
    await removeJobFiles(id);
    await releaseImportJob(id);
  } else {
    await saveJobOptions(id, { confirmSimilar: query.confirmSimilar });
    enqueueImport(id);
  }
  return getImportJob(actor, id, locale);
}

export async function listImportJobs(actor: OperatorUser, locale: Locale): Promise<ImportJobView[]> {
  const rows = await db()
    .select(columns)
    .from(importJobs)
    .where(ownedBy(importJobs, actor))
    .orderBy(desc(importJobs.createdAt))
    .limit(20);
  return rows.map((r) => view(r, locale));
}

export async function getImportJob(actor: OperatorUser, id: string, locale: Locale): Promise<ImportJobView> {
  if (!z.uuid().safeParse(id).success) throw new DomainError('NOT_FOUND');
  const [row] = await db()
    .select(columns)
    .from(importJobs)
    .where(and(eq(importJobs.id, id), ownedBy(importJobs, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return view(row, locale);
}
