import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importGazetteerAction } from '@/app/(app)/admin/gazetteer/actions';
import { db } from '@/db/client';
import { auditLog, gazetteerImports } from '@/db/schema';
import { MAX_UPLOAD_BYTES } from '@/lib/gazetteer/schemas';
import { listImports } from '@/lib/gazetteer/status';
import { FIXTURE_DIR } from './helpers/gazetteer';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

const fixture = (name: string) => new File([readFileSync(path.join(FIXTURE_DIR, name))], name);

function form(...files: File[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', f);
  return data;
}

describe('gazetteer upload (server action)', () => {
  let adminId: string;
  beforeAll(async () => {
    adminId = (await makeUser({ isPlatformAdmin: true })).id;
  });

  it('imports the uploaded file as the platform administrator and reports the counts', async () => {
    await signInAs(adminId);
    const result = await importGazetteerAction(form(fixture('pumi-admin-units-flat.csv')));
    expect(result).toMatchObject({
      ok: true,
      data: { source: 'pumi-admin-units-flat.csv', total: 26, added: 26, renamed: 0, retired: 0, restored: 0 },
    });
    const id = result.ok ? result.data.id : '';
    const [row] = await db().select().from(gazetteerImports).where(eq(gazetteerImports.id, id));
    expect(row!.actorId).toBe(adminId);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({ actorId: adminId, operatorId: null, action: 'gazetteer.import' });
    expect((await listImports())[0]).toMatchObject({ id, actorName: 'Test User', added: 26 });
  });

  it("takes pumi's four YAML files in one upload", async () => {
    await signInAs(adminId);
    const yaml = ['provinces', 'districts', 'communes', 'villages'].map((g) => fixture(`pumi-${g}.yml`));
    const result = await importGazetteerAction(form(...yaml));
    expect(result).toMatchObject({ ok: true, data: { total: 26, added: 0, renamed: 0, retired: 0 } });
  });

  it('puts what is wrong with the file beside the file input', async () => {
    await signInAs(adminId);
    const expectFileError = async (data: FormData, key: string) =>
      expect(await importGazetteerAction(data)).toMatchObject({
        ok: false,
        code: 'INVALID',
        fieldErrors: { files: [key] },
      });
    await expectFileError(form(), 'gazetteerFileRequired');
    // What a browser sends when no file was chosen.
    await expectFileError(form(new File([], '')), 'gazetteerFileRequired');
    await expectFileError(form(new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'big.csv')), 'gazetteerFileTooLarge');
    await expectFileError(form(new File(['%PDF-1.7'], 'gazetteer.pdf')), 'gazetteerUnknownFormat');
    await expectFileError(form(new File(['a,b\n1,2\n'], 'list.csv')), 'gazetteerEmpty');
    // Only villages: none of them has its commune in the upload.
    await expectFileError(form(fixture('pumi-villages.yml')), 'gazetteerEmpty');
    expect(await importGazetteerAction({ files: 'not a file' })).toMatchObject({ ok: false, code: 'INVALID' });
  });

  it('refuses everyone but platform administrators, before reading the upload', async () => {
    const op = await makeOperator();
    await signInAs((await makeUser({ operatorId: op.id, roles: ['operator_admin'] })).id);
    expect(await importGazetteerAction(form(fixture('pumi-admin-units-flat.csv')))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(
      await importGazetteerAction(form(new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'big.csv'))),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await signInAs(null);
    expect(await importGazetteerAction(form())).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});
