import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { dbHandle, installDbHandle, openPglite, openPostgres, type Db, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { rowsOf } from '@/db/rows';
import * as schema from '@/db/schema';
import { backupPglite, backupPostgres, phnomPenhStamp } from '@/lib/ops/backup';
import { findPgTool } from '@/lib/ops/pg-tools';
import { restorePglite, restorePostgres } from '@/lib/ops/restore';
import { sealAudit, verifyAuditChain } from '@/lib/audit/chain';
import { enrolHousehold } from '@/lib/households/enrol';
import { enrolmentSchema } from '@/lib/households/schemas';
import { appDatabaseUrl, databaseUrl, testAppRole } from './helpers/database-url';
import { householdOfThree } from './helpers/households';
import { picture, seedThroughTheApp } from './helpers/ops-data';

// npm run db:backup / db:restore (lib/ops): a database with an operator, staff, households, an audit
// trail and a payment list, backed up, restored into an empty database, and served by the app's own
// functions from there — search finds the same people, the audit trail is the same and still
// append-only, every table holds as many rows — and the app goes on writing to it.

const work = mkdtempSync(path.join(os.tmpdir(), 'sdp-backup-test-'));
// The test file's own database (test/helpers/setup.ts), put back after each case installs its own.
let original: DbHandle;
beforeAll(() => {
  original = dbHandle();
});
afterEach(() => installDbHandle(original));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The restored database takes new records: its sequences were restored past the rows it holds. */
async function enrolAnother(actor: Awaited<ReturnType<typeof seedThroughTheApp>>['actor']) {
  const res = await enrolHousehold(actor, enrolmentSchema.parse({ ...householdOfThree(), confirmSimilar: true }));
  expect(res.status).toBe('saved');
}

/**
 * An embedded database in `dir`, migrated: started from the run's migrated data directory when the
 * global setup made one (PGlite runs), else migrated here.
 */
async function migratedPglite(dir: string): Promise<DbHandle> {
  const dump = inject('pgliteDump');
  if (!dump) {
    const handle = openPglite(dir);
    await runMigrations(handle);
    return handle;
  }
  mkdirSync(dir, { recursive: true });
  const client = new PGlite({ dataDir: dir, loadDataDir: new Blob([readFileSync(dump)]), extensions: { pg_trgm } });
  return { kind: 'pglite', db: drizzle(client, { schema }) as unknown as Db, client, close: () => client.close() };
}

async function auditRefusesChange(handle: DbHandle) {
  await expect(handle.db.execute(sql`update audit_log set action = 'changed'`)).rejects.toThrow();
  await expect(handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
}

/** Seals the whole trail (as the server does every minute) and returns the chain's head. */
async function sealAll() {
  await sealAudit();
  const report = await verifyAuditChain();
  expect(report).toMatchObject({ intact: true, unsealedRows: 0 });
  expect(report.sealedRows).toBeGreaterThan(5);
  return report.head!;
}

/** The restored trail is the sealed one: every seal recomputes from its rows, up to the same head. */
async function chainIntact(head: { seq: number; digest: string }) {
  const report = await verifyAuditChain({ expect: { seq: head.seq, digest: head.digest } });
  expect(report).toMatchObject({ intact: true, breaks: [], unsealedRows: 0, head });
}

describe('the embedded database (PGlite)', () => {
  it('is backed up with the app stopped and restored into an empty folder, where the app serves it', async () => {
    const dir = path.join(work, 'data', 'pglite');
    const source = await migratedPglite(dir);
    installDbHandle(source);
    const seeded = await seedThroughTheApp();
    const head = await sealAll();
    const before = await picture(seeded);
    expect(before.byKhmerId).toEqual(seeded.khmerIds.map(() => [expect.any(String)]));
    expect(before.byName).toHaveLength(3);
    expect(before.byLatin).toHaveLength(1);
    expect(before.counts.payment_lines).toBeGreaterThan(0);

    // While the app has the folder open, a backup is refused.
    await expect(backupPglite({ dir, out: path.join(work, 'backups') })).rejects.toThrow(/open in another process/);
    await source.close();

    const now = new Date('2026-12-06T17:30:05Z');
    const backup = await backupPglite({ dir, out: path.join(work, 'backups'), now });
    expect(path.basename(backup.file)).toBe('sdp-pglite-2026-12-07_00-30-05+07.tar.gz');
    expect(backup.bytes).toBe(statSync(backup.file).size);
    expect(statSync(backup.file).mode & 0o077).toBe(0);

    // A folder that holds a database is not overwritten.
    await expect(restorePglite({ file: backup.file, dir })).rejects.toThrow(/not empty/);

    const restoredDir = path.join(work, 'restored', 'pglite');
    const restored = await restorePglite({ file: backup.file, dir: restoredDir });
    expect(restored.movedAside).toBeNull();
    const handle = openPglite(restoredDir);
    installDbHandle(handle);
    try {
      await runMigrations(handle);
      expect(await picture(seeded)).toEqual(before);
      await chainIntact(head);
      await auditRefusesChange(handle);
      await enrolAnother(seeded.actor);
    } finally {
      await handle.close();
    }

    // --force moves the restored folder aside instead of deleting it.
    const forced = await restorePglite({ file: backup.file, dir: restoredDir, force: true, now });
    expect(forced.movedAside).toBe(`${restoredDir}.replaced-${phnomPenhStamp(now)}`);
    expect(readdirSync(forced.movedAside!)).toContain('PG_VERSION');
    // A guard against a hang, not a timing: on a loaded shared machine this took 100 s.
  }, 300_000);
});

describe('the PostgreSQL client programs', () => {
  it('are refused when older than the server, with what was found and how to get the right ones', async () => {
    const bin = path.join(work, 'old-bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 13.9"\n', { mode: 0o755 });
    await expect(findPgTool('pg_dump', 15, bin)).rejects.toThrow(
      /pg_dump 15 or newer is needed .*found only .*old-bin\/pg_dump \(13\).*postgresql-client-15.*--pg-bin/,
    );
    await expect(findPgTool('pg_dump', 13, bin)).resolves.toEqual({ path: path.join(bin, 'pg_dump'), major: 13 });
  });
});

const baseUrl = process.env.TEST_DATABASE_URL;

// The PostgreSQL case needs a server (pg_dump, pg_restore, a database to restore into); without
// TEST_DATABASE_URL the suite runs on PGlite alone and there is none.
const pgTitle = `PostgreSQL (pg_dump / pg_restore)${baseUrl ? '' : ': skipped, TEST_DATABASE_URL is not set'}`;
describe.skipIf(!baseUrl)(pgTitle, () => {
  const restoredName = `sdp_t_${randomBytes(6).toString('hex')}_restored`;
  afterAll(async () => {
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${restoredName} with (force)`);
    await admin.end();
  });

  it('is backed up while in use and restored into an empty database, where the app role is granted again', async () => {
    const handle = original;
    if (handle.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const sourceName = new URL(handle.url).pathname.slice(1);
    const seeded = await seedThroughTheApp();
    const head = await sealAll();
    const before = await picture(seeded);

    // As the owner, as `npm run db:backup` does with MIGRATION_DATABASE_URL.
    const backup = await backupPostgres({ url: databaseUrl(baseUrl!, sourceName), out: path.join(work, 'pg') });
    expect(path.basename(backup.file)).toMatch(
      new RegExp(`^sdp-postgres-${sourceName}-\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d\\+07\\.dump$`),
    );
    expect(backup.bytes).toBeGreaterThan(0);

    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${restoredName}`);
    await admin.end();
    const ownerUrl = databaseUrl(baseUrl!, restoredName);
    const r = await restorePostgres({ file: backup.file, url: ownerUrl, appRole: testAppRole() });
    expect(r.grants).toMatch(new RegExp(`role "${testAppRole().name}"`));
    await expect(restorePostgres({ file: backup.file, url: ownerUrl })).rejects.toThrow(/not empty/);

    // The app connects as its role, which owns nothing, as in production.
    let restored = openPostgres(appDatabaseUrl(baseUrl!, restoredName), 2);
    const owner = openPostgres(ownerUrl, 1);
    installDbHandle(restored);
    try {
      expect(await picture(seeded)).toEqual(before);
      // Analyzed after the restore (pg_restore brings no statistics back): the app's role reads what
      // search chooses its steps by (sdp_piece_stats, migration 0027).
      const stats = rowsOf<{ index: string }>(
        await restored.db.execute(sql`select "index" from sdp_piece_stats(current_schema())`),
      );
      expect(stats.map((s) => s.index)).toContain('members_name_km_pieces');
      await chainIntact(head);
      await auditRefusesChange(restored);
      await auditRefusesChange(owner);
      await enrolAnother(seeded.actor);
      // --force replaces what the backup holds: the household enrolled since is gone again.
      await restored.close();
      await restorePostgres({ file: backup.file, url: ownerUrl, appRole: testAppRole(), force: true });
      restored = openPostgres(appDatabaseUrl(baseUrl!, restoredName), 2);
      installDbHandle(restored);
      expect((await picture(seeded)).counts).toEqual(before.counts);
    } finally {
      await restored.close();
      await owner.close();
    }
  }, 300_000);
});
