import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as downloadGET } from '@/app/api/v1/grievances/[id]/attachments/[attachmentId]/route';
import { POST as attachPOST } from '@/app/api/v1/grievances/[id]/attachments/route';
import { db } from '@/db/client';
import { auditLog, grievanceAttachments, grievanceEvents } from '@/db/schema';
import { dataDir } from '@/lib/env';
import { MAX_ATTACHMENT_BYTES } from '@/lib/grievances/attachments-sniff';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievance-rows';

// Grievance attachments through their route handlers, on the real database and the real DATA_DIR.

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([40, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32),
]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0x90), Buffer.from('PE\0\0')]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>');

/** A body that records whether anything ever read it (highWaterMark 0: nothing is pulled in advance). */
function watchedBody(bytes: Uint8Array, chunk = 64 * 1024) {
  let offset = 0;
  let pulled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled = true;
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + chunk));
        offset += chunk;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

async function attach(grievanceId: string, bytes: Uint8Array, name: string, headers: Record<string, string> = {}) {
  const body = watchedBody(bytes);
  const url = `http://localhost/api/v1/grievances/${grievanceId}/attachments?name=${encodeURIComponent(name)}`;
  const init = { method: 'POST', body: body.stream, duplex: 'half', headers } as RequestInit & { duplex: 'half' };
  const res = await attachPOST(new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]), {
    params: Promise.resolve({ id: grievanceId }),
  });
  const json = (await res.json()) as {
    id?: string;
    mediaType?: string;
    size?: number;
    error?: { code: string; messageKey?: string; fields?: Record<string, string[]> };
  };
  return { status: res.status, json, pulled: body.pulled() };
}

async function download(grievanceId: string, attachmentId: string) {
  const url = `http://localhost/api/v1/grievances/${grievanceId}/attachments/${attachmentId}`;
  return downloadGET(new NextRequest(url), { params: Promise.resolve({ id: grievanceId, attachmentId }) });
}

/** The operator's attachment folder: finished files only (no `.part` left behind). */
const filesOf = (operatorId: string) => {
  const dir = path.join(dataDir, 'attachments', operatorId);
  return existsSync(dir) ? readdirSync(dir) : [];
};

let opA: string;
let officer: string;
let intake: string;
let viewer: string;
let adminA: string;
let adminB: string;

beforeAll(async () => {
  opA = (await makeOperator()).id;
  const opB = (await makeOperator()).id;
  officer = (await makeUser({ operatorId: opA, roles: ['grievance_officer'] })).id;
  intake = (await makeUser({ operatorId: opA, roles: ['enrolment_officer'] })).id;
  viewer = (await makeUser({ operatorId: opA, roles: ['viewer'] })).id;
  adminA = (await makeUser({ operatorId: opA, roles: ['operator_admin'] })).id;
  adminB = (await makeUser({ operatorId: opB, roles: ['operator_admin'] })).id;
});

describe('attaching a file to a grievance', () => {
  it('accepts JPEG, PNG, WebP and PDF by their content, with its row, history row and audit row', async () => {
    const { grievance } = await insertGrievance(opA);
    await signInAs(officer);
    const cases = [
      [JPEG, 'photo.jpg', 'image/jpeg'],
      [PNG, 'screen.PNG', 'image/png'],
      [WEBP, 'receipt.webp', 'image/webp'],
      [PDF, 'letter.pdf', 'application/pdf'],
      // The name says nothing: a PNG named .jpg is stored (and served) as the PNG it is.
      [PNG, 'mislabelled.jpg', 'image/png'],
    ] as const;
    for (const [bytes, name, type] of cases) {
      const { status, json } = await attach(grievance.id, bytes, name, { 'content-type': 'text/plain' });
      expect(status, name).toBe(201);
      expect(json).toMatchObject({ mediaType: type, size: bytes.length });
      const file = path.join(dataDir, 'attachments', opA, json.id!);
      expect(readFileSync(file).equals(bytes)).toBe(true);
      const [row] = await db().select().from(grievanceAttachments).where(eq(grievanceAttachments.id, json.id!));
      expect(row).toMatchObject({ operatorId: opA, fileName: name, mediaType: type, uploadedBy: officer });
      expect(row!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const events = await db()
      .select()
      .from(grievanceEvents)
      .where(and(eq(grievanceEvents.grievanceId, grievance.id), eq(grievanceEvents.kind, 'attachment')));
    expect(events.map((e) => e.body).sort()).toEqual(cases.map((c) => c[1]).sort());
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, grievance.id), eq(auditLog.action, 'grievance.attach')));
    expect(audits).toHaveLength(cases.length);
    expect(filesOf(opA).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('refuses what is not an image or a PDF, and says so plainly when the name claims otherwise', async () => {
    const { grievance } = await insertGrievance(opA);
    await signInAs(officer);
    const before = filesOf(opA).length;
    const cases = [
      [PE, 'photo.jpg', 'attachmentFalseExtension_program'],
      [ZIP, 'scan.pdf', 'attachmentFalseExtension_archive'],
      [HTML, 'image.png', 'attachmentFalseExtension_webPage'],
      [Buffer.from('just some text, long enough'), 'id-card.jpeg', 'attachmentFalseExtension'],
      [Buffer.from('just some text, long enough'), 'notes.txt', 'attachmentType'],
      [PE, 'setup.exe', 'attachmentType'],
      [Buffer.alloc(0), 'empty.pdf', 'attachmentEmpty'],
    ] as const;
    for (const [bytes, name, key] of cases) {
      const { status, json } = await attach(grievance.id, bytes, name, { 'content-type': 'image/jpeg' });
      expect(status, name).toBe(400);
      expect(json.error, name).toMatchObject({ code: 'INVALID', messageKey: key, fields: { file: [key] } });
    }
    expect(filesOf(opA)).toHaveLength(before);
    const rows = await db()
      .select()
      .from(grievanceAttachments)
      .where(eq(grievanceAttachments.grievanceId, grievance.id));
    expect(rows).toEqual([]);
  });

  it('takes exactly 10 MB, refuses 10 MB + 1 byte while streaming and leaves no file behind', async () => {
    const { grievance } = await insertGrievance(opA);
    await signInAs(officer);
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0);
    PDF.copy(big);
    const before = filesOf(opA).length;
    const over = await attach(grievance.id, big, 'big.pdf');
    expect(over.status).toBe(400);
    expect(over.json.error?.messageKey).toBe('attachmentTooLarge');
    expect(filesOf(opA)).toHaveLength(before);
    const exact = await attach(grievance.id, big.subarray(0, MAX_ATTACHMENT_BYTES), 'exact.pdf');
    expect(exact.status).toBe(201);
    expect(exact.json.size).toBe(MAX_ATTACHMENT_BYTES);
    expect(filesOf(opA)).toHaveLength(before + 1);
  });

  it('refuses a declared length over the limit before reading the body', async () => {
    const { grievance } = await insertGrievance(opA);
    await signInAs(officer);
    const res = await attach(grievance.id, JPEG, 'photo.jpg', { 'content-length': String(MAX_ATTACHMENT_BYTES + 1) });
    expect(res.status).toBe(400);
    expect(res.json.error?.messageKey).toBe('attachmentTooLarge');
    expect(res.pulled).toBe(false);
  });

  it('refuses before reading a caller who may not attach to this grievance', async () => {
    const { grievance } = await insertGrievance(opA);
    const { grievance: sensitive } = await insertGrievance(opA, { sensitive: true, assignedTo: adminA });
    const cases = [
      [null, grievance.id, 401],
      [viewer, grievance.id, 403],
      [adminB, grievance.id, 404],
      // Sensitive: another grievance officer does not even learn that it exists.
      [officer, sensitive.id, 404],
      [intake, sensitive.id, 404],
    ] as const;
    for (const [user, id, status] of cases) {
      await signInAs(user);
      const res = await attach(id, JPEG, 'photo.jpg');
      expect(res.status, `${user} → ${id}`).toBe(status);
      expect(res.pulled, `${user} → ${id}: body read`).toBe(false);
    }
    // The assignee's administrator may attach to the sensitive one; an intake officer to a plain one.
    await signInAs(adminA);
    expect((await attach(sensitive.id, JPEG, 'photo.jpg')).status).toBe(201);
    await signInAs(intake);
    expect((await attach(grievance.id, JPEG, 'photo.jpg')).status).toBe(201);
  });
});

describe('downloading an attachment', () => {
  it('serves it as a download of its stored type, never sniffed or cached, only to those who may see it', async () => {
    const { grievance } = await insertGrievance(opA, { sensitive: true, assignedTo: officer });
    await signInAs(officer);
    const { json } = await attach(grievance.id, PDF, 'ខ្ញុំ letter.pdf');
    const res = await download(grievance.id, json.id!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="_+ letter\.pdf"; filename\*=/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);

    const other = await makeUser({ operatorId: opA, roles: ['grievance_officer'] });
    for (const [user, status] of [
      [adminA, 200],
      [other.id, 404],
      [adminB, 404],
      [intake, 403],
      [null, 401],
    ] as const) {
      await signInAs(user);
      const answer = await download(grievance.id, json.id!);
      expect(answer.status, String(user)).toBe(status);
      if (status !== 200) expect(await answer.text()).not.toContain('%PDF');
    }
    // The attachment named under another grievance of the same operator is not found.
    const { grievance: plain } = await insertGrievance(opA);
    await signInAs(adminA);
    expect((await download(plain.id, json.id!)).status).toBe(404);
  });
});
