import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, benefitEnrolments, members, paymentLines, paymentLists } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { carryUnpaid } from '@/lib/payments/carry';
import { generatePaymentList, ListExistsError, regenerateDraft, type PaymentActor } from '@/lib/payments/generate';
import { recomputeTotals } from '@/lib/payments/totals';
import { benefitRules } from '@/lib/programmes/rules';
import { householdAmounts } from '@/lib/programmes/rules-sql';
import { approveList, markExported, markReconciled, rejectList, submitList } from '@/lib/payments/transitions';
import {
  enrol,
  linesOf,
  listRow,
  makeHousehold,
  makeProgramme,
  paymentTeam,
  totalsMismatches,
} from './helpers/payment-lists';
import { VILLAGE, VILLAGE_ELSEWHERE } from './helpers/households';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

type Team = Awaited<ReturnType<typeof paymentTeam>>;

describe('generating a payment list (June 2026: ages on 2026-06-01)', () => {
  let team: Team;
  let programmeId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    team = await paymentTeam();
    const op = team.op.id;
    programmeId = (await makeProgramme(op)).id;
    // A: two children ≤ 5 → 100,000 + 2 × 20,000 = 140,000.
    const a = await makeHousehold(op, [
      { birthDate: '1980-01-01', khmerId: '123456789' },
      { birthDate: '2022-03-01' },
      { birthDate: '2024-01-01' },
    ]);
    ids.a = a.household.id;
    ids.aHead = a.members[0]!.id;
    ids.aEnrolment = (await enrol(op, programmeId, a.household.id)).id;
    // B: three children ≤ 5 → 160,000, capped at 150,000.
    const b = await makeHousehold(op, [
      { birthDate: '1985-01-01' },
      { birthDate: '2022-01-01' },
      { birthDate: '2023-01-01' },
      { birthDate: '2025-01-01' },
    ]);
    await enrol(op, programmeId, b.household.id);
    // C: not in IDPoor any more → not eligible on the date.
    const c = await makeHousehold(op, [{ birthDate: '1970-01-01' }], { idpoorLevel: null });
    await enrol(op, programmeId, c.household.id);
    // D: age boundaries: 6 on the payment date (born 2020-06-01) no; 5 (born 2020-06-02) yes.
    const d = await makeHousehold(
      op,
      [{ birthDate: '1990-01-01' }, { birthDate: '2020-06-01' }, { birthDate: '2020-06-02' }],
      { idpoorLevel: 2 },
    );
    await enrol(op, programmeId, d.household.id);
    // E: member enrolments: a child of 3 collected by a proxy; an adult whom no member rule pays (0);
    // a child who died before the period (no longer counts).
    const e = await makeHousehold(op, [
      { birthDate: '1975-01-01' },
      { birthDate: '2023-02-02' },
      { birthDate: '2023-03-03', status: 'deceased', deathDate: '2026-05-01' },
    ]);
    await enrol(op, programmeId, e.household.id, {
      memberId: e.members[1]!.id,
      proxyName: 'ចាន់ សុភា',
      proxyPhone: '+85598765432',
      phone: null,
    });
    await enrol(op, programmeId, e.household.id, { memberId: e.members[0]!.id });
    await enrol(op, programmeId, e.household.id, { memberId: e.members[2]!.id });
    // A suspended enrolment is not paid and not counted.
    const f = await makeHousehold(op, [{ birthDate: '1960-01-01' }]);
    await enrol(op, programmeId, f.household.id, {
      status: 'suspended',
      statusReason: 'moved',
      statusDate: '2026-04-01',
    });
  });

  it('computes each line in SQL from the rules, leaves out 0 and ineligible, numbers and freezes the lines', async () => {
    const res = await generatePaymentList(team.officer, { programmeId, period: '2026-06' });
    expect(res).toMatchObject({ lines: 4, total: 430_000, currency: 'KHR', leftOutZero: 1, leftOutIneligible: 2 });
    expect(res.code).toMatch(new RegExp(`^${team.op.code}-P-\\d{6}$`));
    const lines = await linesOf(res.id);
    expect(lines.map((l) => l.amount).sort((x, y) => x - y)).toEqual([20_000, 120_000, 140_000, 150_000]);
    expect(lines.map((l) => l.lineNo)).toEqual([1, 2, 3, 4]);
    expect(lines.map((l) => l.lineRef)).toEqual([1, 2, 3, 4].map((n) => `${res.code}-0000${n}`));
    const a = lines.find((l) => l.householdId === ids.a)!;
    expect(a).toMatchObject({
      amount: 140_000,
      breakdown: { base: 100_000, members: 40_000, qualifying: 2, capped: false },
      recipientNameKm: 'សុខ ដារ៉ា0',
      recipientNameLatin: 'Sok Dara0',
      recipientKhmerId: '123456789',
      channel: 'wing',
      phone: '+85512345678',
      villageCode: '01020101',
      communeCode: '010201',
      status: 'pending',
    });
    expect(lines.find((l) => l.amount === 150_000)!.breakdown).toMatchObject({ members: 60_000, capped: true });
    const proxied = lines.find((l) => l.memberId !== null)!;
    expect(proxied).toMatchObject({
      amount: 20_000,
      recipientNameKm: 'ចាន់ សុភា',
      proxyName: 'ចាន់ សុភា',
      recipientKhmerId: null,
      phone: '+85598765432',
    });
    const list = await listRow(res.id);
    expect(list).toMatchObject({ status: 'draft', paymentDate: '2026-06-01', lineCount: 4, totalAmount: 430_000 });
    expect(list.generatedBy).toBe(team.officer.id);
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, res.id));
    expect(audit.map((x) => x.action)).toEqual(['paymentList.generate']);

    // Later edits of the register do not change what was generated.
    await db().update(members).set({ surnameKm: 'កែ', khmerId: '987654321' }).where(eq(members.id, ids.aHead!));
    await db()
      .update(benefitEnrolments)
      .set({ phone: '+85511111111' })
      .where(eq(benefitEnrolments.id, ids.aEnrolment!));
    const again = (await linesOf(res.id)).find((l) => l.householdId === ids.a)!;
    expect(again).toMatchObject({ recipientNameKm: 'សុខ ដារ៉ា0', recipientKhmerId: '123456789', phone: '+85512345678' });
  });

  it('refuses a second list for the same period, naming the one that exists', async () => {
    const e = await refusal(generatePaymentList(team.officer2, { programmeId, period: '2026-06' }));
    expect(e).toBeInstanceOf(ListExistsError);
    expect(e).toMatchObject({ code: 'CONFLICT', messageKey: 'paymentListExists' });
    expect((e as ListExistsError).existing.code).toMatch(/-P-\d{6}$/);
  });

  it('checks the period against the frequency and the programme dates, and the programme is active', async () => {
    expect(await refusal(generatePaymentList(team.officer, { programmeId, period: '2026-Q3' }))).toMatchObject({
      code: 'INVALID',
      fieldErrors: { period: ['paymentPeriod_monthly'] },
    });
    expect(await refusal(generatePaymentList(team.officer, { programmeId, period: '2025-12' }))).toMatchObject({
      fieldErrors: { period: ['paymentPeriodOutside'] },
    });
    expect(await refusal(generatePaymentList(team.officer, { programmeId, period: 'June' }))).toMatchObject({
      fieldErrors: { period: ['paymentPeriodFormat'] },
    });
    const draft = await makeProgramme(team.op.id, { status: 'draft' });
    expect(
      await refusal(generatePaymentList(team.officer, { programmeId: draft.id, period: '2026-06' })),
    ).toMatchObject({
      messageKey: 'paymentProgrammeNotActive',
    });
    const other = await paymentTeam();
    expect(await refusal(generatePaymentList(other.officer, { programmeId, period: '2026-07' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const quarterly = await makeProgramme(team.op.id, { frequency: 'quarterly', startDate: '2026-02-15' });
    const q = await generatePaymentList(team.officer, { programmeId: quarterly.id, period: '2026-q1' });
    expect(await listRow(q.id)).toMatchObject({ period: '2026-Q1', paymentDate: '2026-02-15', lineCount: 0 });
  });
});

describe('maker-checker', () => {
  let team: Team;
  let programmeId: string;

  beforeAll(async () => {
    team = await paymentTeam();
    programmeId = (await makeProgramme(team.op.id)).id;
    for (let i = 0; i < 3; i++) {
      const h = await makeHousehold(team.op.id, [{ birthDate: '1980-01-01' }, { birthDate: '2024-01-01' }]);
      await enrol(team.op.id, programmeId, h.household.id);
    }
  });

  const generate = (actor: PaymentActor, period: string) => generatePaymentList(actor, { programmeId, period });

  it('refuses approval to whoever generated or submitted; another approver approves; the list is then frozen', async () => {
    const g = await generate(team.admin, '2026-03');
    const s = await submitList(team.admin, { listId: g.id, version: 1 });
    expect(s).toEqual({ version: 2, status: 'submitted' });
    expect(await refusal(approveList(team.admin, { listId: g.id, version: 2 }))).toMatchObject({
      code: 'FORBIDDEN',
      messageKey: 'paymentListMakerCannotApprove',
    });
    // Generated by one, submitted by another: neither may approve.
    const g2 = await generate(team.admin, '2026-04');
    await submitList(team.officer, { listId: g2.id, version: 1 });
    expect(await refusal(approveList(team.admin, { listId: g2.id, version: 2 }))).toMatchObject({ code: 'FORBIDDEN' });

    expect(await refusal(approveList(team.approver, { listId: g.id, version: 1 }))).toMatchObject({
      code: 'CONFLICT',
      messageKey: 'paymentListChanged',
    });
    expect(await approveList(team.approver, { listId: g.id, version: 2 })).toEqual({ version: 3, status: 'approved' });
    const list = await listRow(g.id);
    expect(list).toMatchObject({
      approvedBy: team.approver.id,
      submittedBy: team.admin.id,
      generatedBy: team.admin.id,
    });
    expect(await refusal(approveList(team.approver2, { listId: g.id, version: 3 }))).toMatchObject({
      messageKey: 'paymentListAlready_approved',
    });
    expect(await refusal(regenerateDraft(team.officer, { listId: g.id, version: 3 }))).toMatchObject({
      messageKey: 'paymentListFrozen',
    });
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, g.id)).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['paymentList.generate', 'paymentList.submit', 'paymentList.approve']);
  });

  it('an approver of another operator neither approves nor returns the list: not found', async () => {
    const g = await generate(team.officer, '2026-11');
    await submitList(team.officer, { listId: g.id, version: 1 });
    const other = await paymentTeam();
    expect(await refusal(approveList(other.approver, { listId: g.id, version: 2 }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refusal(rejectList(other.approver, { listId: g.id, version: 2, reason: 'not mine' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refusal(carryUnpaid(other.officer, { listId: g.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await listRow(g.id)).toMatchObject({ status: 'submitted', version: 2 });
  });

  it('rejects with a reason back to draft; the maker regenerates and submits again', async () => {
    const g = await generate(team.officer, '2026-05');
    await submitList(team.officer, { listId: g.id, version: 1 });
    expect(await refusal(rejectList(team.approver, { listId: g.id, version: 2, reason: '  ' }))).toMatchObject({
      code: 'INVALID',
      fieldErrors: { reason: ['required'] },
    });
    expect(await rejectList(team.approver, { listId: g.id, version: 2, reason: 'Wrong month' })).toEqual({
      version: 3,
      status: 'draft',
    });
    expect(await listRow(g.id)).toMatchObject({ status: 'draft', rejectionReason: 'Wrong month', submittedBy: null });
    const h = await makeHousehold(team.op.id, [{ birthDate: '1980-01-01' }]);
    await enrol(team.op.id, programmeId, h.household.id);
    const r = await regenerateDraft(team.officer, { listId: g.id, version: 3 });
    expect(r).toMatchObject({ code: g.code, lines: g.lines + 1, total: g.total + 100_000 });
    await submitList(team.officer, { listId: g.id, version: 4 });
    expect(await approveList(team.approver2, { listId: g.id, version: 5 })).toMatchObject({ status: 'approved' });
    expect(await totalsMismatches(team.op.id)).toEqual([]);
  });

  it('exported and reconciled by the file helpers: a second time changes nothing; not before approval', async () => {
    const g = await generate(team.officer, '2026-08');
    expect(await refusal(db().transaction((tx) => markExported(tx, team.officer, g.id)))).toMatchObject({
      messageKey: 'paymentListNotApproved',
    });
    await submitList(team.officer, { listId: g.id, version: 1 });
    await approveList(team.approver, { listId: g.id, version: 2 });
    expect(await db().transaction((tx) => markExported(tx, team.officer, g.id))).toBe(true);
    expect(await db().transaction((tx) => markExported(tx, team.officer, g.id))).toBe(false);
    expect(await db().transaction((tx) => markReconciled(tx, team.officer, g.id))).toBe(true);
    expect(await db().transaction((tx) => markReconciled(tx, team.officer, g.id))).toBe(false);
    expect(await listRow(g.id)).toMatchObject({ status: 'reconciled' });
    const other = await paymentTeam();
    expect(await refusal(db().transaction((tx) => markExported(tx, other.officer, g.id)))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it.runIf(onPostgres)('two approvals at once: one wins, the other is told it was approved already', async () => {
    const g = await generate(team.officer, '2026-09');
    await submitList(team.officer, { listId: g.id, version: 1 });
    const results = await Promise.allSettled([
      approveList(team.approver, { listId: g.id, version: 2 }),
      approveList(team.approver2, { listId: g.id, version: 2 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: 'CONFLICT', messageKey: 'paymentListAlready_approved' });
    const approvals = await db()
      .select()
      .from(auditLog)
      .where(sql`${auditLog.entityId} = ${g.id} and ${auditLog.action} = 'paymentList.approve'`);
    expect(approvals).toHaveLength(1);
  });

  it.runIf(onPostgres)('two officers generating the same period at once: one list, the other told which', async () => {
    const results = await Promise.allSettled([
      generate(team.officer, '2026-10'),
      generate(team.officer2, '2026-10'),
      generate(team.officer, '2026-10'),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    for (const l of lost) expect(l.reason).toBeInstanceOf(ListExistsError);
    const lists = await db()
      .select({ id: paymentLists.id })
      .from(paymentLists)
      .where(sql`${paymentLists.programmeId} = ${programmeId} and ${paymentLists.period} = '2026-10'`);
    expect(lists).toHaveLength(1);
  });
});

describe('carrying failed lines into a follow-up list', () => {
  it('copies the failed lines not yet carried, once, with totals on both lists', async () => {
    const team = await paymentTeam();
    const programmeId = (await makeProgramme(team.op.id)).id;
    for (let i = 0; i < 4; i++) {
      const h = await makeHousehold(team.op.id, [{ birthDate: '1980-01-01' }]);
      await enrol(team.op.id, programmeId, h.household.id);
    }
    const g = await generatePaymentList(team.officer, { programmeId, period: '2026-06' });
    expect(await refusal(carryUnpaid(team.officer, { listId: g.id }))).toMatchObject({
      messageKey: 'paymentCarryState',
    });
    await submitList(team.officer, { listId: g.id, version: 1 });
    await approveList(team.approver, { listId: g.id, version: 2 });
    await db().transaction((tx) => markExported(tx, team.officer, g.id));
    const lines = await linesOf(g.id);
    await db().update(paymentLines).set({ status: 'paid' }).where(eq(paymentLines.id, lines[0]!.id));
    await db()
      .update(paymentLines)
      .set({ status: 'failed', failureReason: 'wallet closed' })
      .where(sql`${paymentLines.id} in (${lines[1]!.id}, ${lines[3]!.id})`);
    await recomputeTotals(db(), g.id);

    const c = await carryUnpaid(team.officer, { listId: g.id });
    expect(c).toMatchObject({ lines: 2, total: 200_000 });
    const follow = await listRow(c.id);
    expect(follow).toMatchObject({ followsListId: g.id, period: '2026-06', status: 'draft', programmeId });
    const copies = await linesOf(c.id);
    expect(copies.map((l) => l.carriedFromLineId)).toEqual([lines[1]!.id, lines[3]!.id]);
    expect(copies.map((l) => l.lineRef)).toEqual([`${c.code}-00001`, `${c.code}-00002`]);
    expect(copies[0]).toMatchObject({
      status: 'pending',
      amount: lines[1]!.amount,
      householdCode: lines[1]!.householdCode,
    });
    const old = await linesOf(g.id);
    expect(old.map((l) => l.carriedToLineId)).toEqual([null, copies[0]!.id, null, copies[1]!.id]);
    expect(await listRow(g.id)).toMatchObject({ lineCount: 4, paidCount: 1, failedCount: 2, failedAmount: 200_000 });
    expect(await refusal(carryUnpaid(team.officer, { listId: g.id }))).toMatchObject({
      messageKey: 'paymentNothingToCarry',
    });
    expect(await totalsMismatches(team.op.id)).toEqual([]);
  });
});

/** Deterministic pseudo-random numbers (mulberry32): a failing sequence is replayed by its seed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('property: after any sequence of operations, every list’s totals equal the sum of its lines', () => {
  it.each([1, 2, 3])('seed %i', async (seed) => {
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
    const team = await paymentTeam();
    const op = team.op.id;
    const programmeId = (await makeProgramme(op)).id;
    for (let i = 0; i < 6; i++) {
      const h = await makeHousehold(
        op,
        Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, k) => ({
          birthDate: k === 0 ? '1980-01-01' : `${2015 + Math.floor(rnd() * 11)}-01-01`,
        })),
      );
      await enrol(op, programmeId, h.household.id);
    }
    const makers = [team.officer, team.officer2];
    const checkers = [team.approver, team.approver2];
    const periods = ['2026-02', '2026-03', '2026-04'];
    const ran: string[] = [];
    const lists = async () => (await db().select().from(paymentLists).where(eq(paymentLists.operatorId, op))) ?? [];
    const inState = async (...states: string[]) => (await lists()).filter((l) => states.includes(l.status));
    // An operation may be refused (nothing to carry, a period that exists): refusals are part of the run.
    const ops: Record<string, () => Promise<unknown>> = {
      generate: () => generatePaymentList(pick(makers)!, { programmeId, period: pick(periods)! }),
      regenerate: async () => {
        const l = pick(await inState('draft'));
        if (l) await regenerateDraft(pick(makers)!, { listId: l.id, version: l.version });
      },
      submit: async () => {
        const l = pick(await inState('draft'));
        if (l) await submitList(pick(makers)!, { listId: l.id, version: l.version });
      },
      reject: async () => {
        const l = pick(await inState('submitted'));
        if (l) await rejectList(pick(checkers)!, { listId: l.id, version: l.version, reason: 'check again' });
      },
      approve: async () => {
        const l = pick(await inState('submitted'));
        if (l) await approveList(pick(checkers)!, { listId: l.id, version: l.version });
      },
      export: async () => {
        const l = pick(await inState('approved'));
        if (l) await db().transaction((tx) => markExported(tx, team.officer, l.id));
      },
      results: async () => {
        const l = pick(await inState('exported', 'reconciled'));
        if (!l) return;
        const pending = (await linesOf(l.id)).filter((x) => x.status === 'pending');
        await db().transaction(async (tx) => {
          for (const line of pending)
            if (rnd() < 0.7)
              await tx
                .update(paymentLines)
                .set({ status: rnd() < 0.5 ? 'paid' : 'failed' })
                .where(eq(paymentLines.id, line.id));
          await recomputeTotals(tx, l.id);
          if (l.status === 'exported') await markReconciled(tx, team.officer, l.id);
        });
      },
      carry: async () => {
        const l = pick(await inState('exported', 'reconciled'));
        if (l) await carryUnpaid(pick(makers)!, { listId: l.id });
      },
    };
    const names = Object.keys(ops);
    for (let step = 0; step < 40; step++) {
      const name = pick(names)!;
      try {
        await ops[name]!();
        ran.push(name);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        ran.push(`${name}✗`);
      }
      expect(await totalsMismatches(op), `after ${ran.join(' ')}`).toEqual([]);
    }
    // One line per beneficiary per period among the lines not carried, whatever happened.
    const dupes = await db().execute(sql`select enrolment_id, period from payment_lines
      where operator_id = ${op}::uuid and carried_to_line_id is null group by 1, 2 having count(*) > 1`);
    expect(Array.isArray(dupes) ? dupes : (dupes as { rows: unknown[] }).rows).toEqual([]);
    // The run did more than refuse.
    expect(ran.filter((r) => !r.endsWith('✗')).length).toBeGreaterThan(10);
  });
});

describe.runIf(onPostgres)('two carries at once', () => {
  it('make one follow-up list; the other is told nothing is left to carry', async () => {
    const team = await paymentTeam();
    const programmeId = (await makeProgramme(team.op.id)).id;
    for (let i = 0; i < 3; i++) {
      const h = await makeHousehold(team.op.id, [{ birthDate: '1980-01-01' }]);
      await enrol(team.op.id, programmeId, h.household.id);
    }
    const g = await generatePaymentList(team.officer, { programmeId, period: '2026-06' });
    await submitList(team.officer, { listId: g.id, version: 1 });
    await approveList(team.approver, { listId: g.id, version: 2 });
    await db().transaction(async (tx) => {
      await markExported(tx, team.officer, g.id);
      await tx.update(paymentLines).set({ status: 'failed' }).where(eq(paymentLines.listId, g.id));
      await recomputeTotals(tx, g.id);
    });
    const results = await Promise.allSettled([
      carryUnpaid(team.officer, { listId: g.id }),
      carryUnpaid(team.officer2, { listId: g.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toMatchObject({ code: 'CONFLICT', messageKey: 'paymentNothingToCarry' });
    const followUps = await db().select().from(paymentLists).where(eq(paymentLists.followsListId, g.id));
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ lineCount: 3, totalAmount: g.total });
    expect(await totalsMismatches(team.op.id)).toEqual([]);
  });
});

describe('household lines equal what the rules evaluator computes (householdAmounts)', () => {
  it('the COVID-era rules over varied households: base by setting, members by age and disability, the cap', async () => {
    const rnd = prng(42);
    const team = await paymentTeam();
    const op = team.op.id;
    const poorOrDisabled = [{ maxAge: 5 }, { minAge: 60 }, { disability: 'aLot' }];
    const rules = {
      currency: 'KHR',
      eligibility: { idpoorLevels: [1, 2] },
      household: [
        { when: { setting: 'urban' }, amount: 120_000 },
        { when: { setting: 'rural' }, amount: 80_000 },
      ],
      members: [
        { when: { idpoorLevels: [1], setting: 'urban', anyOf: poorOrDisabled }, amount: 52_000 },
        { when: { idpoorLevels: [1], setting: 'rural', anyOf: poorOrDisabled }, amount: 40_000 },
        { when: { idpoorLevels: [2], anyOf: poorOrDisabled }, amount: 30_000 },
      ],
      cap: 280_000,
    };
    const p = await makeProgramme(op, { rules });
    for (let i = 0; i < 25; i++) {
      const seeds = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => {
        const year = 1940 + Math.floor(rnd() * 86);
        return {
          birthDate: `${year}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
          disability: rnd() < 0.2 ? { walking: rnd() < 0.5 ? 'cannot' : 'some' } : undefined,
          status: rnd() < 0.1 ? ('deceased' as const) : undefined,
          deathDate: undefined as string | undefined,
        };
      }).map((s) => (s.status ? { ...s, deathDate: '2026-01-01' } : s));
      const level = ([1, 2, null] as const)[Math.floor(rnd() * 3)]!;
      const h = await makeHousehold(op, seeds as never, {
        idpoorLevel: level,
        village: rnd() < 0.5 ? VILLAGE : VILLAGE_ELSEWHERE,
      });
      await enrol(op, p.id, h.household.id);
    }
    const g = await generatePaymentList(team.officer, { programmeId: p.id, period: '2026-06' });
    const expected = (await householdAmounts(db(), team.officer, benefitRules.parse(rules), '2026-06-01')).filter(
      (r) => r.total > 0,
    );
    const lines = await linesOf(g.id);
    expect(new Map(lines.map((l) => [l.householdId, l.amount]))).toEqual(
      new Map(expected.map((r) => [r.householdId, r.total])),
    );
    for (const l of lines) {
      const e = expected.find((r) => r.householdId === l.householdId)!;
      expect(l.breakdown).toMatchObject({ base: e.base, members: e.membersAmount, qualifying: e.qualifyingMembers });
    }
    expect(lines.length).toBeGreaterThan(5);
  });
});
