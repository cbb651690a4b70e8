import 'server-only';
import postgres from 'postgres';
import { dbHandle } from '@/db/client';
import { systemLogger } from '@/lib/log';

// Several app instances share one PostgreSQL; an import job runs in the process that claimed it, and in
// no other. The claim is a session-level advisory lock held on a connection of its own (a pooled one is
// handed to other queries between ours): taken before the job's row exists, released when the job has
// ended — or by PostgreSQL itself when the process dies, so that a restarted instance may take the job
// over. Another instance starting up meanwhile (resumeImportJobs) finds the lock taken and leaves the
// job alone: it neither runs it a second time nor marks it interrupted while it runs.

/** Any constant of this app's own (db/migrate.ts uses 7_345_001 for migrations). */
const IMPORT_LOCK_CLASS = 7_345_002;

type Claims = { url: string; sql: postgres.Sql; held: Set<string> };
type Global = typeof globalThis & { __sdpImportClaims?: Claims; __sdpImportClaimsTurn?: Promise<unknown> };

/** One change of the claims at a time: the connection is opened and closed between them. */
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const g = globalThis as Global;
  const next = (g.__sdpImportClaimsTurn ?? Promise.resolve()).then(work, work);
  g.__sdpImportClaimsTurn = next.catch(() => undefined);
  return next;
}

function connection(url: string): Claims {
  const g = globalThis as Global;
  if (g.__sdpImportClaims?.url === url) return g.__sdpImportClaims;
  const log = systemLogger('import');
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    // Never closed behind our back while it holds claims: closing it would release them.
    idle_timeout: 0,
    max_lifetime: null,
    onclose: () => {
      if (g.__sdpImportClaims?.sql === sql && g.__sdpImportClaims.held.size > 0)
        log.warn(
          { event: 'import.claims_lost', jobs: [...g.__sdpImportClaims.held] },
          'the connection holding import claims closed: another instance starting now could take these jobs over',
        );
    },
  });
  g.__sdpImportClaims = { url, sql, held: new Set() };
  return g.__sdpImportClaims;
}

/**
 * Claims the job for this process; false when another process holds it. With the embedded database
 * only one process exists: always true.
 */
export function claimImportJob(jobId: string): Promise<boolean> {
  const handle = dbHandle();
  if (handle.kind === 'pglite') return Promise.resolve(true);
  return inTurn(async () => {
    const claims = connection(handle.url);
    if (claims.held.has(jobId)) return true;
    const [row] = await claims.sql<{ claimed: boolean }[]>`
      select pg_try_advisory_lock(${IMPORT_LOCK_CLASS}, hashtext(${jobId})) as claimed`;
    if (row?.claimed) claims.held.add(jobId);
    else if (claims.held.size === 0) await closeClaims(claims);
    return Boolean(row?.claimed);
  });
}

/** Gives the job up (it has ended); the connection closes with the last claim. */
export function releaseImportJob(jobId: string): Promise<void> {
  const g = globalThis as Global;
  if (!g.__sdpImportClaims?.held.has(jobId)) return Promise.resolve();
  return inTurn(async () => {
    const claims = g.__sdpImportClaims;
    if (!claims?.held.delete(jobId)) return;
    if (claims.held.size === 0) await closeClaims(claims);
    else await claims.sql`select pg_advisory_unlock(${IMPORT_LOCK_CLASS}, hashtext(${jobId}))`;
  });
}

/** Ending the session releases every lock it held. */
async function closeClaims(claims: Claims): Promise<void> {
  const g = globalThis as Global;
  if (g.__sdpImportClaims === claims) g.__sdpImportClaims = undefined;
  await claims.sql.end({ timeout: 5 });
}
