import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { benefitEnrolments, members, paymentLines, paymentLists, programmes } from '@/db/schema';
import { loadProgrammes, registryProgrammes } from '@/lib/registry/beneficiary';
import { enqueueBenefitChanges } from '@/lib/registry/benefits';
import { ctx } from './helpers/camdx';
import { makeOperator } from './helpers/fixtures';
import { ensureUnits } from './helpers/households';
import { registryOf, registryPeer, seedMembers, worker } from './helpers/registry';

// The registry learns who receives what (issue 10): enrolments and paid lines go out through the
// outbox as the DCI IBR Beneficiary data of the members carrying them, and the local peer holds them.
const ref = registryPeer();
let operatorId: string;
let opCode: string;

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  operatorId = op.id;
  opCode = op.code;
});

async function makeProgramme(code: string, currency: 'KHR' | 'USD', benefitType = 'cash') {
  const [p] = await db()
    .insert(programmes)
    .values({
      operatorId,
      code,
      nameKm: `កម្មវិធី ${code}`,
      nameEn: `Programme ${code}`,
      benefitType,
      currency,
      frequency: 'monthly',
      startDate: '2026-01-01',
      status: 'active',
      rules: { currency, eligibility: { idpoorLevels: [1] }, household: [], members: [] },
    })
    .returning();
  return p!;
}

/** A household of three enrolled through the registry first (each has a SPID). */
async function household() {
  const ids = await seedMembers(operatorId, 3);
  await worker(ref.client()).drain();
  const [head] = await db().select().from(members).where(eq(members.id, ids[0]!));
  return { ids, householdId: head!.householdId };
}

async function changed(memberIds: string[]) {
  await db().transaction((tx) => enqueueBenefitChanges(tx, { operatorId }, memberIds, null));
  await worker(ref.client()).drain();
}

interface PersonView {
  programmes: {
    programme_identifier: string;
    programme_name: string;
    programme_name_km?: string;
    enrolment_status: string;
    enrolment_status_label: string;
    enrolment_date: string;
    status_change_date?: string;
    latest_benefit?: { benefit_type: string; benefit_type_label: string; benefit_date: string; benefit_value: string };
  }[];
}

/** The peer's JSON answer for the member's person (GET /__peer/persons/{spid}). */
async function held(memberId: string): Promise<PersonView> {
  const r = await registryOf(memberId);
  expect(r).toMatchObject({ state: 'has_spid' });
  const res = await fetch(`${ref.peer.url}/__peer/persons/${r!.spid}`);
  expect(res.status).toBe(200);
  return (await res.json()) as PersonView;
}

async function payLine(
  p: { id: string; currency: string },
  enrolmentId: string,
  householdId: string,
  line: {
    period: string;
    amount: number;
    status: 'paid' | 'failed' | 'pending';
    paidOn?: string;
  },
) {
  const code = `L-${randomUUID().slice(0, 8)}`;
  const [list] = await db()
    .insert(paymentLists)
    .values({
      operatorId,
      programmeId: p.id,
      code,
      period: line.period,
      paymentDate: `${line.period}-15`,
      currency: p.currency,
      status: 'reconciled',
    })
    .returning();
  await db()
    .insert(paymentLines)
    .values({
      operatorId,
      listId: list!.id,
      programmeId: p.id,
      period: line.period,
      enrolmentId,
      householdId,
      lineRef: `${code}-00001`,
      lineNo: 1,
      amount: line.amount,
      currency: p.currency,
      householdCode: 'H',
      recipientNameKm: 'សុខ',
      status: line.status,
      paidOn: line.paidOn ?? null,
    });
}

describe('Beneficiary data through the outbox to the registry', () => {
  it("a household's enrolment is carried by its head; a member's by that member; paid lines become the latest benefit", async () => {
    const { ids, householdId } = await household();
    const [headId, childId, otherId] = ids as [string, string, string];
    const cash = await makeProgramme(`CASH-${randomUUID().slice(0, 4).toUpperCase()}`, 'KHR');
    const grant = await makeProgramme(`PWD-${randomUUID().slice(0, 4).toUpperCase()}`, 'USD', 'voucher');
    const [hh, own] = await db()
      .insert(benefitEnrolments)
      .values([
        { operatorId, programmeId: cash.id, householdId, enrolledOn: '2026-02-01' },
        { operatorId, programmeId: grant.id, householdId, memberId: childId, enrolledOn: '2026-03-01' },
      ])
      .returning();
    await changed([headId, childId]);

    const head = await held(headId);
    expect(head.programmes).toEqual([
      expect.objectContaining({
        programme_identifier: `${opCode}/${cash.code}`,
        programme_name: cash.nameEn,
        programme_name_km: cash.nameKm,
        enrolment_status: '1',
        enrolment_status_label: 'Active',
        enrolment_date: '2026-02-01',
        status_change_date: '2026-02-01',
      }),
    ]);
    expect(head.programmes[0]!.latest_benefit).toBeUndefined();
    expect((await held(childId)).programmes).toEqual([
      expect.objectContaining({ programme_identifier: `${opCode}/${grant.code}`, enrolment_status_label: 'Active' }),
    ]);
    expect((await held(otherId)).programmes).toEqual([]);

    // Two paid months and a pending one: the latest paid is the benefit the registry learns.
    await payLine(cash, hh!.id, householdId, {
      period: '2026-10',
      amount: 100_000,
      status: 'paid',
      paidOn: '2026-10-20',
    });
    await payLine(cash, hh!.id, householdId, {
      period: '2026-11',
      amount: 120_000,
      status: 'paid',
      paidOn: '2026-11-18',
    });
    await payLine(cash, hh!.id, householdId, { period: '2026-12', amount: 130_000, status: 'pending' });
    await payLine(grant, own!.id, householdId, {
      period: '2026-11',
      amount: 1_250,
      status: 'paid',
      paidOn: '2026-11-25',
    });
    await changed([headId, childId]);
    expect((await held(headId)).programmes[0]!.latest_benefit).toEqual({
      benefit_type: '1',
      benefit_type_label: 'Cash',
      benefit_date: '2026-11-18',
      benefit_value: 'KHR 120000',
    });
    expect((await held(childId)).programmes[0]!.latest_benefit).toMatchObject({
      benefit_type: '2',
      benefit_value: 'USD 12.50',
    });

    // The registry's search answer for the person carries them too.
    const spid = (await registryOf(headId))!.spid!;
    const found = await ref.client().searchRegistry({ type: 'SPID', value: spid }, ctx());
    expect(found.records[0]!.programmes).toEqual([
      {
        programmeId: `${opCode}/${cash.code}`,
        name: cash.nameEn,
        status: 'Active',
        enrolmentDate: '2026-02-01',
        latestBenefit: { typeCode: '1', date: '2026-11-18', value: 'KHR 120000' },
      },
    ]);
  });

  it('a suspended enrolment arrives as Suspended with its status date; an exit as Graduated; a death as Deceased', async () => {
    const { ids, householdId } = await household();
    const [headId, childId] = ids as [string, string];
    const cash = await makeProgramme(`CASH-${randomUUID().slice(0, 4).toUpperCase()}`, 'KHR');
    const grant = await makeProgramme(`PWD-${randomUUID().slice(0, 4).toUpperCase()}`, 'KHR');
    const [hh, own] = await db()
      .insert(benefitEnrolments)
      .values([
        { operatorId, programmeId: cash.id, householdId, enrolledOn: '2026-02-01' },
        { operatorId, programmeId: grant.id, householdId, memberId: childId, enrolledOn: '2026-02-01' },
      ])
      .returning();
    await changed([headId, childId]);
    await db()
      .update(benefitEnrolments)
      .set({ status: 'suspended', statusDate: '2026-11-02', statusReason: 'moved' })
      .where(eq(benefitEnrolments.id, hh!.id));
    await db()
      .update(benefitEnrolments)
      .set({ status: 'exited', statusDate: '2026-11-03' })
      .where(eq(benefitEnrolments.id, own!.id));
    await changed([headId, childId]);
    expect((await held(headId)).programmes).toEqual([
      expect.objectContaining({
        enrolment_status: '4',
        enrolment_status_label: 'Suspended',
        status_change_date: '2026-11-02',
      }),
    ]);
    expect((await held(childId)).programmes).toEqual([
      expect.objectContaining({ enrolment_status_label: 'Graduated', status_change_date: '2026-11-03' }),
    ]);
    await db()
      .update(members)
      .set({ status: 'deceased' })
      .where(and(eq(members.id, childId), eq(members.operatorId, operatorId)));
    await changed([childId]);
    expect((await held(childId)).programmes).toEqual([
      expect.objectContaining({ enrolment_status: '2', enrolment_status_label: 'Deceased' }),
    ]);
    // The sent record: the Beneficiary's own status follows the death too.
    const last = ref.peer.requests.filter((r) => r.url.endsWith('/enrollment/updates')).at(-1)!;
    const [b] = (
      JSON.parse(last.body) as { message: { enrolled_updates: { beneficiaries: Record<string, unknown>[] } } }
    ).message.enrolled_updates.beneficiaries;
    expect(b).toMatchObject({ enrollment_status: '2', status_change_date: ['2026-11-03'] });
  });

  it("the member page's registry panel shows the programmes once the registry has answered the latest version", async () => {
    const { ids, householdId } = await household();
    const headId = ids[0]!;
    expect(await registryProgrammes({ operatorId }, headId)).toEqual([]);
    const cash = await makeProgramme(`CASH-${randomUUID().slice(0, 4).toUpperCase()}`, 'KHR');
    await db().transaction(async (tx) => {
      await tx
        .insert(benefitEnrolments)
        .values({ operatorId, programmeId: cash.id, householdId, enrolledOn: '2026-02-01' });
      await enqueueBenefitChanges(tx, { operatorId }, [headId], null);
    });
    // On its way: the registry does not hold it yet.
    expect(await registryProgrammes({ operatorId }, headId)).toBeNull();
    await worker(ref.client()).drain();
    expect(await registryProgrammes({ operatorId }, headId)).toEqual([
      expect.objectContaining({
        programmeId: `${opCode}/${cash.code}`,
        programmeNameKm: cash.nameKm,
        status: 'Active',
      }),
    ]);
    expect(await registryProgrammes({ operatorId: (await makeOperator()).id }, headId)).toBeNull();
  });

  it("reads the batch's members together, and never another operator's enrolments", async () => {
    const { ids, householdId } = await household();
    const cash = await makeProgramme(`CASH-${randomUUID().slice(0, 4).toUpperCase()}`, 'KHR');
    await db()
      .insert(benefitEnrolments)
      .values({ operatorId, programmeId: cash.id, householdId, enrolledOn: '2026-02-01' });
    const mine = await loadProgrammes(db(), { operatorId }, ids);
    expect([...mine.keys()]).toEqual([ids[0]]);
    const other = await makeOperator();
    expect((await loadProgrammes(db(), { operatorId: other.id }, ids)).size).toBe(0);
  });
});
