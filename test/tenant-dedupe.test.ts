import { beforeAll, describe, expect, it } from 'vitest';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { updateMemberAction } from '@/app/(app)/members/[id]/actions';
import { memberFormValues } from '@/lib/records/form-values';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import {
  ensureUnits,
  householdOfThree,
  khmerId,
  member,
  OTHER_VILLAGE_SAME_COMMUNE,
  VILLAGE,
  VILLAGE_ELSEWHERE,
} from './helpers/households';
import { csvOf, household, importFile, reportOf } from './helpers/imports';
import { enrolAs, memberRow } from './helpers/records';

// The duplicate checks (same Khmer ID, similar people) look only at the caller's operator: another
// operator's member with the same Khmer ID or a look-alike neither blocks a save nor is shown. Each
// test fails when the operator condition is dropped from lib/households/dedupe.ts (sameKhmerId,
// similarPeople) or lib/imports/bulk-dedupe.ts (enrolledKhmerIds, similarEnrolled).

let officerA: string;
let officerB: string;
/** Operator B's household: Sok Dara (M, 1980-05-17), Chan Sophea (F, 1984-02-29), Dara Vichet — in the commune of VILLAGE. */
let b: Awaited<ReturnType<typeof enrolAs>>;

beforeAll(async () => {
  await ensureUnits();
  const opA = await makeOperator();
  const opB = await makeOperator();
  officerA = (await makeUser({ operatorId: opA.id, roles: ['enrolment_officer'] })).id;
  officerB = (await makeUser({ operatorId: opB.id, roles: ['enrolment_officer'] })).id;
  b = await enrolAs(officerB, householdOfThree());
});

type Result = Awaited<ReturnType<typeof enrolHouseholdAction>>;
function status(res: Result) {
  return res.ok ? res.data.status : `${res.code}:${res.messageKey}`;
}

describe('enrolment compares with the own operator only', () => {
  it("saves a person whose Khmer ID another operator's member holds", async () => {
    await signInAs(officerA);
    const input = householdOfThree({ villageCode: VILLAGE_ELSEWHERE });
    // Another name, another commune: only the Khmer ID is the same as B's head.
    input.members = [
      member({
        surnameKm: 'កែវ',
        givenNameKm: 'មុនី',
        surnameLatin: 'Keo',
        givenNameLatin: 'Mony',
        khmerId: b.head.khmerId!,
      }),
    ];
    const res = await enrolHouseholdAction(input);
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, data: { status: 'saved' } });
  });

  it("saves look-alikes of another operator's members without asking to confirm", async () => {
    await signInAs(officerA);
    // B's three people again, same names, births and commune, no Khmer IDs, confirmSimilar not set.
    const input = householdOfThree({ villageCode: OTHER_VILLAGE_SAME_COMMUNE });
    input.members = input.members.map((m) => ({ ...m, khmerId: '' }));
    const res = await enrolHouseholdAction(input);
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, data: { status: 'saved' } });
  });

  it("lists only the own operator's holders and look-alikes, never another operator's", async () => {
    await signInAs(officerA);
    // A now holds B's head's Khmer ID too (first test) and B's names (second test).
    const input = householdOfThree();
    input.members[0] = { ...input.members[0]!, khmerId: b.head.khmerId! };
    const res = await enrolHouseholdAction(input);
    if (!res.ok || res.data.status !== 'duplicates') throw new Error(`expected duplicates: ${JSON.stringify(res)}`);
    expect(res.data.sameKhmerId).toHaveLength(1);
    expect(res.data.sameKhmerId[0]!.householdCode).not.toBe(b.code);
    const theirs = new Set(b.members.map((m) => m.id));
    expect(res.data.sameKhmerId.filter((c) => theirs.has(c.memberId))).toEqual([]);

    const similar = await enrolHouseholdAction({
      ...input,
      members: input.members.map((m) => ({ ...m, khmerId: '' })),
    });
    if (!similar.ok || similar.data.status !== 'duplicates')
      throw new Error(`expected duplicates: ${JSON.stringify(similar)}`);
    expect(similar.data.similar.length).toBeGreaterThan(0);
    expect(similar.data.similar.filter((c) => theirs.has(c.memberId) || c.householdCode === b.code)).toEqual([]);
  });
});

describe('member edits compare with the own operator only', () => {
  it("accepts a Khmer ID another operator's member holds", async () => {
    const own = await enrolAs(officerA, {
      ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
      members: [member({ surnameKm: 'ម៉ៅ', givenNameKm: 'សាន', khmerId: khmerId() })],
    });
    const res = await updateMemberAction({
      memberId: own.head.id,
      version: 1,
      member: { ...memberFormValues(own.head), khmerId: b.spouse.khmerId! },
    });
    expect(res, JSON.stringify(res)).toEqual({ ok: true, data: { version: 2 } });
    expect(await memberRow(own.head.id)).toMatchObject({ khmerId: b.spouse.khmerId });
  });
});

describe('imports compare with the own operator only', () => {
  it("imports people whose Khmer ID or look-alike is another operator's, and the report names none of B's households", async () => {
    const opC = await makeOperator();
    const officerC = (await makeUser({ operatorId: opC.id, roles: ['enrolment_officer'] })).id;
    // C has a member already (else the checks are skipped altogether), in another commune and with another name.
    await enrolAs(officerC, {
      ...householdOfThree({ villageCode: VILLAGE_ELSEWHERE }),
      members: [member({ surnameKm: 'ម៉ៅ', givenNameKm: 'សាន', khmerId: '' })],
    });
    await signInAs(officerC);
    const sameId = household('TENANT-KID', VILLAGE);
    sameId[0]!.khmer_id = b.head.khmerId!;
    const lookalike = household('TENANT-SIM', VILLAGE);
    // B's spouse: same Khmer name, sex, birth date, commune; no Khmer ID.
    Object.assign(lookalike[0]!, {
      surname_km: 'ចាន់',
      given_name_km: 'សុភា',
      sex: 'F',
      birth_date: '1984-02-29',
      khmer_id: '',
      marital_status: 'married',
    });
    const job = await importFile(csvOf([...sameId, ...lookalike]));
    expect(job).toMatchObject({ status: 'done', createdHouseholds: 2, createdMembers: 6, invalidRows: 0 });
    const report = await reportOf(job.id);
    expect(report.status).toBe(200);
    expect(report.rows.slice(1)).toEqual([]);
    expect(report.text).not.toContain(b.code);
  });
});

// Operator B's own checks are unchanged (a control: the rules still hold within an operator).
describe('within one operator', () => {
  it('still blocks the same Khmer ID', async () => {
    await signInAs(officerB);
    const input = householdOfThree({ villageCode: VILLAGE_ELSEWHERE });
    input.members = [member({ surnameKm: 'កែវ', givenNameKm: 'មុនី', khmerId: b.head.khmerId! })];
    expect(status(await enrolHouseholdAction(input))).toBe('duplicates');
  });
});
