import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { chainDigest, sealAudit, verifyAuditChain } from '@/lib/audit/chain';
import { writeAudit } from '@/lib/audit/write';
import { ownerDb } from './helpers/owner';

// The audit trail's hash chain (migration 0028, lib/audit/chain.ts): what the app's role cannot change
// is refused by the database (audit-append-only.test.ts); what the owner, a superuser or an edited
// backup changes shows in `verifyAuditChain`. The cases run in order on the file's own database.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

async function audit(action: string, after: Record<string, unknown> = {}, handle: Db = db()) {
  await writeAudit(handle, { operatorId: null, actorId: null, action, entityType: 'test', entityId: action, after });
  const [row] = await query<{ id: string }>(
    handle,
    sql`select id::text from audit_log where action = ${action} order by id desc limit 1`,
  );
  return Number(row!.id);
}

/** As the owner with the triggers off (session_replication_role = replica): what only a superuser can do. */
async function tamper(statement: ReturnType<typeof sql>) {
  await ownerDb().transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
}

/** The database's own message (drizzle wraps it in "Failed query: …" with the error as its cause). */
async function refusal(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => null,
    (e: unknown) => e as { message: string; cause?: { message: string } },
  );
  expect(err, 'expected the database to refuse').not.toBeNull();
  return err!.cause?.message ?? err!.message;
}

const totalRows = async () => (await query<{ n: number }>(db(), sql`select count(*)::int as n from audit_log`))[0]!.n;

describe('the audit hash chain', () => {
  let rolledBackId = 0;
  let changedId = 0;

  it('seals the rows in id order, a bounded number per seal, and verifies them', async () => {
    for (let i = 0; i < 12; i++) await audit(`chain.row.${i}`, { i, text: 'ភូមិ "quoted", \\ back' });
    // A transaction that fails leaves a gap in the ids.
    await db()
      .transaction(async (tx) => {
        rolledBackId = await audit('chain.rolled_back', {}, tx);
        throw new Error('change failed');
      })
      .catch(() => undefined);
    for (let i = 12; i < 25; i++) await audit(`chain.row.${i}`, { i });
    changedId = await audit('chain.to_change', { amount: 1000 });

    const { tip, seals } = await sealAudit({ rowsPerSeal: 2 });
    const total = await totalRows();
    expect(tip).toBeGreaterThanOrEqual(changedId);
    expect(seals.map((s) => s.rowCount).reduce((a, b) => a + b, 0)).toBe(total);
    expect(seals.every((s) => s.rowCount <= 2)).toBe(true);
    expect(seals.at(-1)!.uptoId).toBe(changedId);

    const report = await verifyAuditChain();
    expect(report).toMatchObject({ intact: true, seals: seals.length, sealedRows: total, unsealedRows: 0, breaks: [] });
    expect(report.head).toEqual({ seq: seals.at(-1)!.seq, uptoId: changedId, digest: seals.at(-1)!.digest });

    // Nothing new: another round makes no seal.
    expect((await sealAudit()).seals).toEqual([]);
    // New rows go into the next seal, chained to the last one.
    const later = await audit('chain.later');
    const next = await sealAudit();
    expect(next.seals).toEqual([
      { seq: seals.at(-1)!.seq + 1, uptoId: later, rowCount: 1, digest: expect.any(String) },
    ]);
    const [stored] = await query<{ rows_digest: string }>(
      db(),
      sql`select rows_digest from audit_seals where seq = ${next.seals[0]!.seq}`,
    );
    expect(next.seals[0]!.digest).toBe(
      chainDigest(seals.at(-1)!.digest, next.seals[0]!.seq, later, 1, stored!.rows_digest),
    );
  });

  it("gives the same digests whatever the session's time zone", async () => {
    const report = await db().transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'Asia/Phnom_Penh'`);
      return verifyAuditChain({ handle: tx });
    });
    expect(report.intact).toBe(true);
  });

  it('shows a changed, a removed and an added row, in the seal that covers it, until it is put back', async () => {
    const [seal] = await query<{ seq: string }>(
      db(),
      sql`select seq::text from audit_seals where upto_id >= ${changedId} order by seq limit 1`,
    );
    const seq = Number(seal!.seq);

    await tamper(sql`update audit_log set after = '{"amount": 1000000}' where id = ${changedId}`);
    let report = await verifyAuditChain();
    expect(report.intact).toBe(false);
    expect(report.breaks).toEqual([
      {
        seq,
        afterId: expect.any(Number),
        uptoId: changedId,
        reason: 'rows_differ',
        sealed: expect.any(Number),
        found: expect.any(Number),
      },
    ]);
    await tamper(sql`update audit_log set after = '{"amount": 1000}' where id = ${changedId}`);
    expect((await verifyAuditChain()).intact).toBe(true);

    const [row] = await query<Record<string, unknown>>(db(), sql`select * from audit_log where id = ${changedId}`);
    await tamper(sql`delete from audit_log where id = ${changedId}`);
    report = await verifyAuditChain();
    expect(report.breaks).toMatchObject([{ seq, reason: 'rows_differ' }]);
    const b = report.breaks[0] as { sealed: number; found: number };
    expect(b.found).toBe(b.sealed - 1);
    await tamper(sql`insert into audit_log (id, action, entity_type, entity_id, after, request_id, at)
      values (${changedId}, ${row!.action as string}, 'test', ${row!.entity_id as string}, '{"amount": 1000}',
        ${row!.request_id as string}, ${row!.at as string})`);
    expect((await verifyAuditChain()).intact).toBe(true);

    // A row slipped into the gap a failed transaction left, inside a sealed range.
    expect(rolledBackId).toBeGreaterThan(0);
    await tamper(
      sql`insert into audit_log (id, action, entity_type, entity_id) values (${rolledBackId}, 'forged', 'test', 'x')`,
    );
    report = await verifyAuditChain();
    expect(report.intact).toBe(false);
    expect(report.breaks).toHaveLength(1);
    expect(report.breaks[0]).toMatchObject({ reason: 'rows_differ' });
    const added = report.breaks[0] as { sealed: number; found: number; afterId: number; uptoId: number };
    expect(added.found).toBe(added.sealed + 1);
    expect(rolledBackId).toBeGreaterThan(added.afterId);
    expect(rolledBackId).toBeLessThanOrEqual(added.uptoId);
    await tamper(sql`delete from audit_log where id = ${rolledBackId}`);
    expect((await verifyAuditChain()).intact).toBe(true);
  });

  it('shows a changed seal, and a chain cut off at its end against a head kept elsewhere', async () => {
    const before = await verifyAuditChain();
    const head = before.head!;
    await tamper(sql`update audit_seals set row_count = row_count + 1 where seq = 1`);
    const report = await verifyAuditChain();
    expect(report.breaks).toContainEqual(expect.objectContaining({ seq: 1, reason: 'seal_altered' }));
    await tamper(sql`update audit_seals set row_count = row_count - 1 where seq = 1`);

    expect((await verifyAuditChain({ expect: { seq: head.seq, digest: head.digest } })).intact).toBe(true);
    // The last seal and the row it covers removed together: the chain that is left holds, but the head
    // logged when it was sealed is no longer in it.
    await tamper(sql`delete from audit_seals where seq = ${head.seq}`);
    await tamper(sql`delete from audit_log where id > ${before.head!.uptoId - 1}`);
    const cut = await verifyAuditChain({ expect: { seq: head.seq, digest: head.digest } });
    expect(cut.breaks).toEqual([]);
    expect(cut).toMatchObject({ intact: false, expected: { seq: head.seq, found: false } });
  });

  it('refuses changes to the seals from everyone while the triggers are on', async () => {
    expect(await refusal(ownerDb().execute(sql`update audit_seals set digest = 'x'`))).toMatch(/append-only/);
    expect(await refusal(ownerDb().execute(sql`delete from audit_seals`))).toMatch(/append-only/);
    expect(await refusal(ownerDb().execute(sql`truncate audit_seals`))).toMatch(/append-only/);
  });
});

describe.runIf(onPostgres)('sealing beside the app’s writers (PostgreSQL)', () => {
  it("does not let the app's role write a seal or move the tip", async () => {
    const forged = sql`insert into audit_seals (seq, upto_id, row_count, rows_digest, digest) values (999, 999999, 1, 'x', 'x')`;
    expect(await refusal(db().execute(forged))).toMatch(/permission denied/);
    expect(await refusal(db().execute(sql`update audit_seal_tip set upto_id = 999999`))).toMatch(/permission denied/);
  });

  it('never seals past a row whose transaction is still open, and seals it once it commits', async () => {
    await sealAudit();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let openId = 0;
    let written!: () => void;
    const wrote = new Promise<void>((r) => (written = r));
    const open = db().transaction(async (tx) => {
      openId = await audit('chain.open', {}, tx);
      written();
      await held;
    });
    await wrote;
    // Committed after it, with a higher id.
    const afterId = await audit('chain.after_open');
    expect(afterId).toBeGreaterThan(openId);

    const blocked = await sealAudit();
    expect(blocked.tip).toBeNull();
    expect(blocked.seals.every((s) => s.uptoId < openId)).toBe(true);
    // The writers were let through again at once.
    await audit('chain.while_open');

    release();
    await open;
    const { seals } = await sealAudit();
    expect(seals.at(-1)!.uptoId).toBeGreaterThanOrEqual(afterId);
    const report = await verifyAuditChain();
    expect(report).toMatchObject({ intact: true, unsealedRows: 0 });
    expect(report.sealedRows).toBe(await totalRows());
  });
});
