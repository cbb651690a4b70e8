import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { importJobs } from '@/db/schema';
import { claimImportJob, releaseImportJob } from '@/lib/imports/claim';
import { importsSettled, resumeImportJobs } from '@/lib/imports/run';
import { makeOperator, makeUser } from '../helpers/fixtures';
import { ownerDb } from '../helpers/owner';

// Several app instances on one PostgreSQL (docs/operations.md): an import job belongs to the process that
// claimed it. The other process here is the owner's connection, holding the claim's advisory lock as
// another instance would. PGlite has one process only, so there is nothing to share (claims always hold);
// e2e/platform/multi-instance.spec.ts runs the same with real app processes.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const IMPORT_LOCK_CLASS = 7_345_002;

let operatorId: string;
let actorId: string;

beforeAll(async () => {
  operatorId = (await makeOperator()).id;
  actorId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
});

async function unfinishedJob() {
  const [job] = await db()
    .insert(importJobs)
    .values({ operatorId, actorId, fileName: 'elsewhere.csv', fileSha256: '', status: 'validating' })
    .returning();
  return job!;
}

const statusOf = async (id: string) =>
  (await db().select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, id)))[0]?.status;

describe.runIf(onPostgres)('import jobs claimed by one process', () => {
  it('leaves a job another instance holds alone at start-up, and takes it over once that instance is gone', async () => {
    const job = await unfinishedJob();
    // Another instance runs it (its file is on that instance's disk, not here).
    await ownerDb().execute(sql`select pg_advisory_lock(${IMPORT_LOCK_CLASS}, hashtext(${job.id}))`);
    try {
      await resumeImportJobs();
      await importsSettled();
      expect(await statusOf(job.id)).toBe('validating');
      expect(await claimImportJob(job.id)).toBe(false);
    } finally {
      await ownerDb().execute(sql`select pg_advisory_unlock(${IMPORT_LOCK_CLASS}, hashtext(${job.id}))`);
    }
    // That instance stopped without finishing it: the next start-up finds no file and says so.
    await resumeImportJobs();
    await importsSettled();
    expect(await statusOf(job.id)).toBe('failed');
  });

  it('is held until released, and then free for another process', async () => {
    const job = await unfinishedJob();
    expect(await claimImportJob(job.id)).toBe(true);
    const tryOther = async () => {
      const [row] = await query<{ got: boolean }>(
        ownerDb(),
        sql`select pg_try_advisory_lock(${IMPORT_LOCK_CLASS}, hashtext(${job.id})) as got`,
      );
      return row?.got;
    };
    expect(await tryOther()).toBe(false);
    await releaseImportJob(job.id);
    expect(await tryOther()).toBe(true);
    await ownerDb().execute(sql`select pg_advisory_unlock(${IMPORT_LOCK_CLASS}, hashtext(${job.id}))`);
  });
});
