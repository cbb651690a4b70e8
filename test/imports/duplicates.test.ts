import { and, count, eq, sql } from 'drizzle-orm';
import { mkdir, writeFile } from 'node:fs/promises';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { auditLog, households, importJobs, members, users } from '@/db/schema';
import { importsSettled, resumeImportJobs } from '@/lib/imports/run';
import { importDir, uploadPath } from '@/lib/imports/storage';
import { makeOperator, makeUser, signInAs } from '../helpers/fixtures';
import { ensureUnits, householdOfThree, OTHER_VILLAGE_SAME_COMMUNE } from '../helpers/households';
import { csvOf, household, importFile, reportOf } from '../helpers/imports';
import { ownerDb } from '../helpers/owner';

let operatorId: string;
let officerId: string;

async function totals() {
  const [h] = await db().select({ n: count() }).from(households).where(eq(households.operatorId, operatorId));
  const [m] = await db().select({ n: count() }).from(members).where(eq(members.operatorId, operatorId));
  return { households: h!.n, members: m!.n };
}

/** A household enrolled by hand; returns the form input and the saved code. */
async function enrolled() {
  const input = householdOfThree();
  input.confirmSimilar = true;
  const res = await enrolHouseholdAction(input);
  if (!res.ok || res.data.status !== 'saved') throw new Error(JSON.stringify(res));
  return { input, code: res.data.code };
}

beforeAll(async () => {
  await ensureUnits();
  operatorId = (await makeOperator()).id;
  officerId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
  await db().update(users).set({ locale: 'en' }).where(eq(users.id, officerId));
});

beforeEach(async () => {
  await signInAs(officerId);
});

describe('duplicates against members already enrolled', () => {
  it('refuses a person whose Khmer ID is enrolled, with the household and the reason in the report', async () => {
    const { input, code } = await enrolled();
    const rows = household('KID', OTHER_VILLAGE_SAME_COMMUNE);
    rows[0]!.khmer_id = input.members[0]!.khmerId;
    const ok = household('OK');
    const before = await totals();
    const job = await importFile(csvOf([...rows, ...ok]));
    expect(job).toMatchObject({ status: 'done', createdHouseholds: 1, createdMembers: 3, invalidRows: 3 });
    expect(await totals()).toEqual({ households: before.households + 1, members: before.members + 3 });
    const { rows: report } = await reportOf(job.id);
    expect(report.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['2', 'Khmer ID number', `A member with this Khmer ID is already enrolled (household ${code}).`],
      ['3', '', 'Not imported because another row of this household has a problem.'],
      ['4', '', 'Not imported because another row of this household has a problem.'],
    ]);
  });

  it('holds back people who look like someone enrolled, and imports them flagged when asked to', async () => {
    const { input } = await enrolled();
    const code = /household [A-Z0-9]+-\d{6}/;
    const rows = household('SIM');
    // Same Khmer name, sex and year of birth as the enrolled head, in the same commune; no Khmer ID.
    Object.assign(rows[0]!, {
      surname_km: input.members[0]!.surnameKm,
      given_name_km: input.members[0]!.givenNameKm,
      khmer_id: '',
      birth_date: '1980-11-02',
    });
    const held = await importFile(csvOf(rows));
    expect(held).toMatchObject({ createdMembers: 0, invalidRows: 3 });
    expect((await reportOf(held.id)).rows[1]!.slice(0, 3)).toEqual(['2', '', expect.stringMatching(code)]);

    const before = await totals();
    const confirmed = await importFile(csvOf(rows), 'members.csv', true);
    expect(confirmed).toMatchObject({ createdHouseholds: 1, createdMembers: 3, invalidRows: 0 });
    expect(await totals()).toEqual({ households: before.households + 1, members: before.members + 3 });
    const { rows: report } = await reportOf(confirmed.id);
    expect(report.slice(1).map((r) => r.slice(0, 3))).toEqual([
      [
        '2',
        '',
        expect.stringMatching(
          /^Imported, but may be the same person as a member of household [A-Z0-9]+-\d{6}\. Check both records\.$/,
        ),
      ],
    ]);
    const [batch] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'household.import'), eq(auditLog.entityId, confirmed.id)));
    expect(batch!.after).toMatchObject({ possibleDuplicatesImported: 1 });
  });

  it('never gives a household imported before a second head', async () => {
    const rows = household('HEAD');
    await importFile(csvOf(rows));
    // The head's row edited (marital status) without a Khmer ID: a new row, "similar" to him, imported when asked to…
    const edited = [{ ...rows[0]!, khmer_id: '', marital_status: 'widowed' }, rows[1]!, rows[2]!];
    const before = await totals();
    const job = await importFile(csvOf(edited), 'members.csv', true);
    // …but not as a second head of the household imported before.
    expect(job).toMatchObject({ createdMembers: 0, skippedRows: 2, invalidRows: 1 });
    expect(await totals()).toEqual(before);
    expect((await reportOf(job.id)).rows[1]!.slice(0, 3)).toEqual([
      '2',
      'Relationship to the head',
      expect.stringMatching(/already has a head/),
    ]);
  });
});

describe('interruptions', () => {
  it('writes nothing of a batch that fails, and the same file imports fully afterwards', async () => {
    const rows = Array.from({ length: 900 }, (_, i) => household(`CR-${i}`)).flat();
    // A database failure in the middle of the file (the 1,000th row or so), in the second batch.
    const poison = rows[2700 - 1]!;
    // The test's own trigger: DDL, as the owner (the import runs as the app role).
    await ownerDb().execute(
      sql.raw(`
      create or replace function fail_import() returns trigger language plpgsql as $$
      begin if new.surname_km = '${poison.surname_km}' then raise exception 'simulated crash'; end if; return new; end $$`),
    );
    await ownerDb().execute(
      sql.raw('create trigger fail_import before insert on members for each row execute function fail_import()'),
    );
    const before = await totals();
    try {
      const failed = await importFile(csvOf(rows));
      expect(failed.status).toBe('failed');
      const after = await totals();
      // Whole batches only (2,500 rows each, ending on a household): the first batch, nothing of the second.
      expect((after.members - before.members) % 3).toBe(0);
      expect(after.members - before.members).toBeLessThan(2700);
      expect(after.members - before.members).toBe(failed.createdMembers);
      expect(after.households - before.households).toBe(failed.createdHouseholds);
    } finally {
      await ownerDb().execute(sql.raw('drop trigger fail_import on members'));
      await ownerDb().execute(sql.raw('drop function fail_import()'));
    }
    const again = await importFile(csvOf(rows));
    expect(again.status).toBe('done');
    expect(await totals()).toEqual({ households: before.households + 900, members: before.members + 2700 });
    expect(again.createdMembers + again.skippedRows).toBe(2700);
  }, 120_000);

  it('runs unfinished jobs again at start-up, and marks those whose file is gone', async () => {
    const rows = household('RESUME');
    const done = await importFile(csvOf(rows));
    const make = async (status: string) => {
      const [job] = await db()
        .insert(importJobs)
        .values({ operatorId, actorId: officerId, fileName: 'left.csv', fileSha256: '', status })
        .returning();
      return job!;
    };
    const withFile = await make('importing');
    await mkdir(importDir(), { recursive: true });
    await writeFile(uploadPath(withFile.id), csvOf([...rows, ...household('RESUME-2')]));
    const without = await make('validating');
    await resumeImportJobs();
    await importsSettled();
    const [a] = await db().select().from(importJobs).where(eq(importJobs.id, withFile.id));
    const [b] = await db().select().from(importJobs).where(eq(importJobs.id, without.id));
    expect(a).toMatchObject({ status: 'done', createdHouseholds: 1, createdMembers: 3, skippedRows: 3 });
    expect(b).toMatchObject({ status: 'failed', error: JSON.stringify({ key: 'interrupted' }) });
    expect(done.status).toBe('done');
  });
});
