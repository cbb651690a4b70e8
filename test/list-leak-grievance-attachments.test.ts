import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { grievanceAttachments } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { listAttachments } from '@/lib/grievances/attachments';
import { makeOperator, makeUser } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievance-rows';

// The attachments list (the grievance page's panel) shows only the caller's operator's files, and none of
// a sensitive grievance the caller may not see — even when named by its id.

async function withFile(operatorId: string, fileName: string, opts: { sensitive?: boolean } = {}) {
  const { grievance } = await insertGrievance(operatorId, opts);
  await db()
    .insert(grievanceAttachments)
    .values({
      operatorId,
      grievanceId: grievance.id,
      fileName,
      mediaType: 'application/pdf',
      size: 10,
      sha256: '0'.repeat(64),
    });
  return grievance.id;
}

const actor = async (operatorId: string, role: 'operator_admin' | 'grievance_officer') =>
  (await makeUser({ operatorId, roles: [role] })) as unknown as OperatorUser;

describe('list leak: grievance attachments', () => {
  it("lists a grievance's files for its own operator only, and a sensitive one's for those who may see it", async () => {
    const a = (await makeOperator()).id;
    const b = (await makeOperator()).id;
    // Look-alike data: the same file names on both sides.
    const gA = await withFile(a, 'letter.pdf');
    const gB = await withFile(b, 'letter.pdf');
    const sensitiveA = await withFile(a, 'conduct.pdf', { sensitive: true });
    const adminA = await actor(a, 'operator_admin');
    const adminB = await actor(b, 'operator_admin');
    const officerA = await actor(a, 'grievance_officer');

    expect((await listAttachments(adminA, gA)).map((f) => f.grievanceId)).toEqual([gA]);
    expect((await listAttachments(adminB, gB)).map((f) => f.grievanceId)).toEqual([gB]);
    expect(await listAttachments(adminB, gA)).toEqual([]);
    expect(await listAttachments(adminB, sensitiveA)).toEqual([]);
    expect(await listAttachments(officerA, sensitiveA)).toEqual([]);
    expect((await listAttachments(adminA, sensitiveA)).map((f) => f.fileName)).toEqual(['conduct.pdf']);
  });
});
