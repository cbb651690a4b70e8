import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/gazetteer/upload/route';
import { db } from '@/db/client';
import { auditLog, gazetteerImports } from '@/db/schema';
import { listImports } from '@/lib/gazetteer/status';
import { GAZETTEER_UPLOAD_BYTES, MULTIPART_MARGIN } from '@/lib/http/limits.mjs';
import { FIXTURE_DIR } from './helpers/gazetteer';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { openApiMismatch } from './helpers/openapi-conforms';
import { bigFilePieces, encodeForm, formRequest, uploadRequest, uploadsLeft } from './helpers/multipart';

// POST /api/v1/gazetteer/upload: the caller is checked before a byte of the body is read, the body is
// streamed to disk and counted (413 past the limit, nothing left behind), then the edition is imported.

const URL = 'http://localhost/api/v1/gazetteer/upload';
const fixture = (name: string) => new File([readFileSync(path.join(FIXTURE_DIR, name))], name);

function form(...files: File[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', f);
  return data;
}

interface Answer {
  id?: string;
  source?: string;
  at?: string;
  error?: { code: string; messageKey?: string; fields?: Record<string, string[]> };
}

/** Sends the request; every answer, refusals included, must be as /api/v1/openapi.json documents it. */
async function send(sent: { request: Request; pulled: () => number }) {
  const res = await POST(sent.request as Parameters<typeof POST>[0]);
  const json = (await res.json()) as Answer;
  expect(openApiMismatch('/api/v1/gazetteer/upload', 'post', res.status, json)).toEqual([]);
  return { status: res.status, json, pulled: sent.pulled() };
}
const upload = async (data: FormData, headers?: Record<string, string>) => send(await formRequest(URL, data, headers));

describe('gazetteer upload (POST /api/v1/gazetteer/upload)', () => {
  let adminId: string;
  beforeAll(async () => {
    adminId = (await makeUser({ isPlatformAdmin: true })).id;
  });

  it('imports the uploaded file as the platform administrator and reports the counts', async () => {
    await signInAs(adminId);
    const res = await upload(form(fixture('pumi-admin-units-flat.csv')));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      source: 'pumi-admin-units-flat.csv',
      total: 26,
      added: 26,
      renamed: 0,
      retired: 0,
      restored: 0,
      details: { formats: ['flat-csv'], files: ['pumi-admin-units-flat.csv'], skipped: { count: 0 } },
    });
    expect(new Date(res.json.at!).getTime()).not.toBeNaN();
    const id = res.json.id!;
    const [row] = await db().select().from(gazetteerImports).where(eq(gazetteerImports.id, id));
    expect(row!.actorId).toBe(adminId);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({ actorId: adminId, operatorId: null, action: 'gazetteer.import' });
    expect((await listImports())[0]).toMatchObject({ id, actorName: 'Test User', added: 26 });
    expect(await uploadsLeft()).toEqual([]);
  });

  it("takes pumi's four YAML files in one upload, with their names as sent (Khmer included)", async () => {
    await signInAs(adminId);
    const yaml = ['provinces', 'districts', 'communes', 'villages'].map((g) => fixture(`pumi-${g}.yml`));
    const renamed = new File([await yaml[0]!.arrayBuffer()], 'ខេត្ត.yml');
    const res = await upload(form(renamed, ...yaml.slice(1)));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ total: 26, added: 0, renamed: 0, retired: 0 });
    expect(res.json.source).toBe('ខេត្ត.yml, pumi-districts.yml, pumi-communes.yml, pumi-villages.yml');
  });

  it('puts what is wrong with the upload beside the file input (400, fields.files), keeping nothing', async () => {
    await signInAs(adminId);
    const expectFileError = async (res: Awaited<ReturnType<typeof send>>, key: string) => {
      expect(res.status, key).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'INVALID', messageKey: key, fields: { files: [key] } });
    };
    await expectFileError(await upload(form()), 'gazetteerFileRequired');
    // What a browser sends when no file was chosen.
    await expectFileError(await upload(form(new File([], ''))), 'gazetteerFileRequired');
    await expectFileError(await upload(form(new File(['%PDF-1.7'], 'gazetteer.pdf'))), 'gazetteerUnknownFormat');
    await expectFileError(await upload(form(new File(['a,b\n1,2\n'], 'list.csv'))), 'gazetteerEmpty');
    // Only villages: none of them has its commune in the upload.
    await expectFileError(await upload(form(fixture('pumi-villages.yml'))), 'gazetteerEmpty');
    const many = Array.from({ length: 51 }, (_, i) => new File(['code,name\n'], `f${i}.csv`));
    await expectFileError(await upload(form(...many)), 'gazetteerTooManyFiles');
    // Not a form upload, or one cut short.
    const json = uploadRequest(URL, 'application/json', [new TextEncoder().encode('{"files":"not a file"}')]);
    await expectFileError(await send(json), 'gazetteerUnreadable');
    const { type, bytes } = await encodeForm(form(fixture('pumi-admin-units-flat.csv')));
    await expectFileError(
      await send(uploadRequest(URL, type, [bytes.subarray(0, bytes.length - 30)])),
      'gazetteerUnreadable',
    );
    expect(await uploadsLeft()).toEqual([]);
  });

  it('refuses a body over the limit with 413: counted when no length is declared, the partial file removed', async () => {
    await signInAs(adminId);
    const { type, pieces } = bigFilePieces('files', 'big.csv', GAZETTEER_UPLOAD_BYTES + 1);
    const res = await send(uploadRequest(URL, type, pieces));
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'TOO_LARGE', messageKey: 'gazetteerFileTooLarge' });
    // Read up to the limit, not on to the end of what the client would send.
    expect(res.pulled).toBeGreaterThan(GAZETTEER_UPLOAD_BYTES);
    expect(res.pulled).toBeLessThanOrEqual(GAZETTEER_UPLOAD_BYTES + MULTIPART_MARGIN);
    expect(await uploadsLeft()).toEqual([]);

    // A declared length over the limit is refused before a byte is read.
    const declared = bigFilePieces('files', 'big.csv', 10);
    const lied = await send(
      uploadRequest(URL, declared.type, declared.pieces, {
        'content-length': String(GAZETTEER_UPLOAD_BYTES + MULTIPART_MARGIN + 1),
      }),
    );
    expect([lied.status, lied.json.error?.code, lied.pulled]).toEqual([413, 'TOO_LARGE', 0]);
  });

  it('refuses everyone but platform administrators before reading a byte of the upload', async () => {
    const op = await makeOperator();
    const big = () => bigFilePieces('files', 'big.csv', GAZETTEER_UPLOAD_BYTES + 1);
    const tries = async () => {
      const small = await upload(form(fixture('pumi-admin-units-flat.csv')));
      const large = await send(uploadRequest(URL, big().type, big().pieces));
      return [small, large].map((r) => [r.status, r.json.error?.code, r.pulled]);
    };
    await signInAs(null);
    expect(await tries()).toEqual([
      [401, 'UNAUTHENTICATED', 0],
      [401, 'UNAUTHENTICATED', 0],
    ]);
    await signInAs((await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id);
    expect(await tries()).toEqual([
      [403, 'FORBIDDEN', 0],
      [403, 'FORBIDDEN', 0],
    ]);
    await signInAs((await makeUser({ isPlatformAdmin: true, mustChangePassword: true })).id);
    expect(await tries()).toEqual([
      [403, 'PASSWORD_CHANGE_REQUIRED', 0],
      [403, 'PASSWORD_CHANGE_REQUIRED', 0],
    ]);
    // Another site's page posting with the administrator's cookie.
    await signInAs(adminId);
    const foreign = await upload(form(fixture('pumi-admin-units-flat.csv')), { origin: 'https://elsewhere.example' });
    expect([foreign.status, foreign.json.error?.code, foreign.pulled]).toEqual([403, 'FORBIDDEN', 0]);
    expect(await uploadsLeft()).toEqual([]);
  });
});
