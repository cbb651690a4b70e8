import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { setPublicIntakeAction } from '@/app/(app)/grievances/public-intake/actions';
import { POST as attachPOST } from '@/app/api/v1/grievances/[id]/attachments/route';
import { db } from '@/db/client';
import { auditLog, grievanceAttachments, grievanceEvents, operators } from '@/db/schema';
import { dataDir } from '@/lib/env';
import { ownerDb } from './helpers/owner';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievance-rows';

// As test/audit-in-transaction.test.ts: a change made to fail at COMMIT (a deferred constraint trigger)
// leaves no audit row — and, for an attachment, no history row and no file on disk either (the file is
// moved into place inside the transaction and removed when it does not commit).

const FAIL_NAME = 'fail-at-commit.pdf';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');

let operatorId: string;
let admin: string;

beforeAll(async () => {
  const op = await makeOperator();
  operatorId = op.id;
  admin = (await makeUser({ operatorId, roles: ['operator_admin'] })).id;
  const statements = [
    `create function test_fail_attachment() returns trigger language plpgsql as $$
     begin
       if new.file_name = '${FAIL_NAME}' then raise exception 'test: attachment fails at commit'; end if;
       return null;
     end $$`,
    `create constraint trigger test_fail_at_commit after insert on grievance_attachments
     deferrable initially deferred for each row execute function test_fail_attachment()`,
    `create function test_fail_operator() returns trigger language plpgsql as $$
     begin
       if new.code = '${op.code}' then raise exception 'test: operator fails at commit'; end if;
       return null;
     end $$`,
    `create constraint trigger test_fail_at_commit after update on operators
     deferrable initially deferred for each row execute function test_fail_operator()`,
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

const filesOf = (id: string) => {
  const dir = path.join(dataDir, 'attachments', id);
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('grievance files and settings: audit in the transaction', () => {
  it('an attachment that does not commit leaves no row, no history, no audit and no file', async () => {
    const { grievance } = await insertGrievance(operatorId);
    await signInAs(admin);
    const before = filesOf(operatorId);
    const url = `http://localhost/api/v1/grievances/${grievance.id}/attachments?name=${FAIL_NAME}`;
    const res = await attachPOST(new NextRequest(url, { method: 'POST', body: PDF }), {
      params: Promise.resolve({ id: grievance.id }),
    });
    expect(res.status).toBe(500);
    expect(
      await db().select().from(grievanceAttachments).where(eq(grievanceAttachments.grievanceId, grievance.id)),
    ).toEqual([]);
    expect(await db().select().from(grievanceEvents).where(eq(grievanceEvents.grievanceId, grievance.id))).toEqual([]);
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, grievance.id), eq(auditLog.action, 'grievance.attach'))),
    ).toEqual([]);
    expect(filesOf(operatorId)).toEqual(before);
  });

  it('turning the public page on that does not commit leaves it off and unaudited', async () => {
    await signInAs(admin);
    const result = await setPublicIntakeAction({ enabled: true });
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
    const [row] = await db()
      .select({ on: operators.publicGrievances })
      .from(operators)
      .where(eq(operators.id, operatorId));
    expect(row!.on).toBe(false);
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, operatorId), eq(auditLog.action, 'grievance.publicIntake'))),
    ).toEqual([]);
  });
});
