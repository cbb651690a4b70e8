import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { db } from '@/db/client';
import { auditLog, households, importJobs, memberRegistry, members, registryOutbox, users } from '@/db/schema';
import { latinNameKey } from '@/lib/text/normalise';
import { makeOperator, makeUser, signInAs } from '../helpers/fixtures';
import { ensureUnits, householdOfThree } from '../helpers/households';
import { csvOf, household, importFile, reportOf, type Row } from '../helpers/imports';

let operatorId: string;
let operatorCode: string;
let officerId: string;

async function totals(op = operatorId) {
  const [h] = await db().select({ n: count() }).from(households).where(eq(households.operatorId, op));
  const [m] = await db().select({ n: count() }).from(members).where(eq(members.operatorId, op));
  return { households: h!.n, members: m!.n };
}

const audits = (action: string, entityId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  operatorId = op.id;
  operatorCode = op.code;
  officerId = (await makeUser({ operatorId, roles: ['enrolment_officer'] })).id;
  await db().update(users).set({ locale: 'en' }).where(eq(users.id, officerId));
});

beforeEach(async () => {
  await signInAs(officerId);
});

describe('importing households', () => {
  it('creates the households and members as the form would, with codes after the enrolled ones, and audit rows', async () => {
    // One household enrolled by hand first: imported codes continue the same sequence.
    const enrolled = await enrolHouseholdAction(householdOfThree());
    expect(enrolled.ok).toBe(true);
    const before = await totals();
    const rows = [...household('A'), ...household('B')];
    const job = await importFile(csvOf(rows), 'two-households.csv');
    expect(job).toMatchObject({
      status: 'done',
      totalRows: 6,
      invalidRows: 0,
      createdHouseholds: 2,
      createdMembers: 6,
      skippedRows: 0,
      processedRows: 6,
    });
    expect(await totals()).toEqual({ households: before.households + 2, members: before.members + 6 });

    const imported = await db()
      .select()
      .from(households)
      .where(and(eq(households.operatorId, operatorId), eq(households.createdBy, officerId)))
      .orderBy(asc(households.code));
    const fromFile = imported.filter((h) => h.importKey);
    expect(fromFile.map((h) => h.code)).toEqual([`${operatorCode}-000002`, `${operatorCode}-000003`]);
    expect(fromFile[0]).toMatchObject({
      villageCode: '01020101',
      communeCode: '010201',
      addressLine: 'ផ្ទះលេខ ១២',
      idpoorNumber: '01020101-0042',
      idpoorLevel: 1,
      phone: '+85512345678',
    });
    const people = await db().select().from(members).where(eq(members.householdId, fromFile[0]!.id));
    const byRelation = Object.fromEntries(people.map((m) => [m.relationship, m]));
    expect(byRelation.head).toMatchObject({
      surnameKm: rows[0]!.surname_km,
      givenNameKm: 'ដារ៉ា',
      nameLatinKey: latinNameKey(rows[0]!.surname_latin, 'Dara'),
      sex: 'M',
      birthDate: '1980-05-17',
      birthYear: 1980,
      birthEstimated: false,
      khmerId: rows[0]!.khmer_id,
      maritalStatus: 'married',
      createdBy: officerId,
    });
    expect(byRelation.spouse).toMatchObject({
      birthDate: null,
      birthYear: 1984,
      birthEstimated: true,
      hasDisability: true,
      disability: expect.objectContaining({ walking: 'aLot', seeing: 'none' }),
    });
    expect(byRelation.child).toMatchObject({ birthDate: '2015-03-02', hasDisability: false });
    expect(people.every((m) => m.importKey?.startsWith('m1:'))).toBe(true);
    // Each member carries its household's village, which name search within an area reads.
    expect(people.map((m) => m.villageCode)).toEqual(people.map(() => '01020101'));
    // Queued for the national registry in the same transaction, as an enrolment through the form is.
    const queued = await db()
      .select()
      .from(registryOutbox)
      .where(
        inArray(
          registryOutbox.memberId,
          people.map((m) => m.id),
        ),
      );
    expect(queued.map((q) => q.referenceId).sort()).toEqual(people.map((m) => `${m.id}.v1`).sort());
    // The uploader caused the change: the registry gets them as X-Road-UserId.
    expect(queued.map((q) => q.causedBy)).toEqual([officerId, officerId, officerId]);
    const states = await db()
      .select()
      .from(memberRegistry)
      .where(
        inArray(
          memberRegistry.memberId,
          people.map((m) => m.id),
        ),
      );
    expect(states.map((r) => r.state)).toEqual(['queued', 'queued', 'queued']);

    // Bulk: one audit row per upload, per batch (with its counts and codes) and per finished job.
    expect(await audits('import.upload', job.id)).toHaveLength(1);
    const [batch] = await audits('household.import', job.id);
    expect(batch).toMatchObject({ operatorId, actorId: officerId, entityType: 'import_job' });
    expect(batch!.after).toMatchObject({
      households: 2,
      members: 6,
      codes: [`${operatorCode}-000002`, `${operatorCode}-000003`],
      rows: [2, 7],
    });
    const [finish] = await audits('import.finish', job.id);
    expect(finish!.after).toMatchObject({
      status: 'done',
      totalRows: 6,
      createdHouseholds: 2,
      createdMembers: 6,
      fileName: 'two-households.csv',
    });
    expect((await reportOf(job.id)).rows).toHaveLength(1);
  });

  it('creates nothing new when the same file is imported again, even spelled differently', async () => {
    const rows = [...household('C'), ...household('D')];
    const first = await importFile(csvOf(rows));
    expect(first.createdMembers).toBe(6);
    const before = await totals();
    const again = await importFile(csvOf(rows, { delimiter: ';', header: 'km', bom: true }));
    expect(again).toMatchObject({
      status: 'done',
      createdHouseholds: 0,
      createdMembers: 0,
      skippedRows: 6,
      invalidRows: 0,
    });
    // The same values written another way are the same rows: the keys are made from validated values.
    const respelled = rows.map((r) => ({
      ...r,
      household_phone: r.household_phone?.replace(/ /g, ''),
      sex: r.sex === 'F' ? 'ស្រី' : 'ប្រុស',
    }));
    expect(await importFile(csvOf(respelled, { header: 'en' }))).toMatchObject({ createdMembers: 0, skippedRows: 6 });
    expect(await totals()).toEqual(before);
    expect(await audits('household.import', again.id)).toHaveLength(0);
  });

  it('adds a member added to a household imported before, and keeps households of scattered rows together', async () => {
    const e = household('E');
    const f = household('F');
    // Rows of two households interleaved.
    const first = await importFile(csvOf([e[0]!, f[0]!, e[1]!, f[1]!, e[2]!, f[2]!]));
    expect(first).toMatchObject({ createdHouseholds: 2, createdMembers: 6, invalidRows: 0 });
    const newborn: Row = {
      household_ref: 'E',
      surname_km: 'ស៊ុន',
      given_name_km: 'ស្រីនាង',
      sex: 'F',
      birth_date: '2024-01-09',
      relationship: 'child',
    };
    const before = await totals();
    const second = await importFile(csvOf([...e, newborn]));
    expect(second).toMatchObject({ createdHouseholds: 0, createdMembers: 1, skippedRows: 3 });
    expect(await totals()).toEqual({ households: before.households, members: before.members + 1 });
    const [baby] = await db()
      .select()
      .from(members)
      .where(and(eq(members.operatorId, operatorId), eq(members.givenNameKm, 'ស្រីនាង')));
    const [headOfE] = await db()
      .select()
      .from(members)
      .where(and(eq(members.operatorId, operatorId), eq(members.surnameKm, e[0]!.surname_km!)));
    expect(baby!.householdId).toBe(headOfE!.householdId);
  });

  it('holds back an edited row of a person imported before, and the whole household with it', async () => {
    const g = household('G');
    await importFile(csvOf(g));
    const before = await totals();
    // The head's phone is corrected and his Khmer ID is already enrolled: the row is a new one.
    const edited = [{ ...g[0]!, marital_status: 'widowed' }, g[1]!, g[2]!];
    const job = await importFile(csvOf(edited));
    expect(job).toMatchObject({ status: 'done', createdMembers: 0, skippedRows: 2, invalidRows: 1 });
    expect(await totals()).toEqual(before);
    const { rows } = await reportOf(job.id);
    expect(rows[1]!.slice(0, 3)).toEqual([
      '2',
      'Khmer ID number',
      expect.stringMatching(/already enrolled \(household [A-Z0-9]+-\d{6}\)/),
    ]);
  });

  it('imports a file of a thousand households in several batches with distinct codes', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => household(`BIG-${i}`)).flat();
    const before = await totals();
    const job = await importFile(csvOf(rows), 'big.csv');
    expect(job).toMatchObject({ status: 'done', totalRows: 3000, createdHouseholds: 1000, createdMembers: 3000 });
    expect((await audits('household.import', job.id)).length).toBeGreaterThan(1);
    const codes = await db()
      .selectDistinct({ code: households.code })
      .from(households)
      .where(eq(households.operatorId, operatorId));
    expect(codes).toHaveLength(before.households + 1000);
    const again = await importFile(csvOf(rows), 'big.csv');
    expect(again).toMatchObject({ createdHouseholds: 0, createdMembers: 0, skippedRows: 3000 });
  }, 120_000);

  it('keeps operators apart: the same file gives each operator its own households', async () => {
    const rows = household('SHARED');
    await importFile(csvOf(rows));
    const other = await makeOperator();
    await signInAs((await makeUser({ operatorId: other.id, roles: ['operator_admin'] })).id);
    const job = await importFile(csvOf(rows));
    expect(job).toMatchObject({ operatorId: other.id, createdHouseholds: 1, createdMembers: 3 });
    expect(await totals(other.id)).toEqual({ households: 1, members: 3 });
    const jobs = await db()
      .select()
      .from(importJobs)
      .where(inArray(importJobs.operatorId, [other.id]));
    expect(jobs).toHaveLength(1);
  });
});
