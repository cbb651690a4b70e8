import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, benefitEnrolments, households, members, registryOutbox } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { DomainError } from '@/lib/errors';
import { enrol } from '@/lib/programmes/enrolment';
import { confirmBulkEnrolment, previewBulkEnrolment } from '@/lib/programmes/enrolment-bulk';
import { bulkEnrolSchema } from '@/lib/programmes/enrolment-bulk-schema';
import {
  emptyPaymentDetails,
  enrolmentToday,
  paymentDetailsSchema,
  suspendSchema,
} from '@/lib/programmes/enrolment-schemas';
import {
  endEnrolment,
  reactivateEnrolment,
  suspendEnrolment,
  updatePaymentDetails,
} from '@/lib/programmes/enrolment-states';
import { moveMember, recordDeath, recordExit } from '@/lib/records/lifecycle';
import { ensureUnits } from './helpers/households';
import { adminOf, householdOf, programmeOf } from './helpers/enrolments';

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function enrolment(id: string) {
  const [row] = await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.id, id));
  return row!;
}

async function outboxOf(memberId: string) {
  return db().select().from(registryOutbox).where(eq(registryOutbox.memberId, memberId));
}

async function auditOf(entityId: string) {
  return db().select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);
}

let A: OperatorUser;
let B: OperatorUser;
let programme: string;

beforeAll(async () => {
  await ensureUnits();
  B = await adminOf();
  A = await adminOf();
  programme = await programmeOf(A);
});

describe('enrolling one household or member', () => {
  it('enrols an eligible household, with its head as recipient, audited and queued for the registry', async () => {
    const { household, head } = await householdOf(A.operatorId);
    const { id } = await enrol(A, { programmeId: programme, householdId: household.id, memberId: '' });
    expect(await enrolment(id)).toMatchObject({
      operatorId: A.operatorId,
      householdId: household.id,
      memberId: null,
      status: 'active',
      enrolledOn: enrolmentToday(),
      recipientMemberId: head.id,
      version: 1,
    });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['enrolment.create']);
    expect((await outboxOf(head.id)).length).toBeGreaterThan(0);
  });

  it('refuses twice, the not eligible, a draft programme, closed households and inactive members', async () => {
    const { household, spouse } = await householdOf(A.operatorId);
    const data = { programmeId: programme, householdId: household.id, memberId: '' };
    await enrol(A, data);
    expect((await refusal(enrol(A, data))).messageKey).toBe('enrolmentAlreadyEnrolled');

    const poorless = await householdOf(A.operatorId, null);
    const notEligible = await refusal(enrol(A, { ...data, householdId: poorless.household.id }));
    expect(notEligible.messageKey).toBe('enrolmentNotEligible');

    const draft = await programmeOf(A, { status: 'draft' });
    expect((await refusal(enrol(A, { ...data, programmeId: draft }))).messageKey).toBe('enrolmentProgrammeNotActive');

    const closed = await householdOf(A.operatorId);
    await db().update(households).set({ status: 'closed' }).where(eq(households.id, closed.household.id));
    expect((await refusal(enrol(A, { ...data, householdId: closed.household.id }))).messageKey).toBe(
      'enrolmentHouseholdClosed',
    );

    await db().update(members).set({ status: 'exited' }).where(eq(members.id, spouse.id));
    expect((await refusal(enrol(A, { ...data, memberId: spouse.id }))).messageKey).toBe('enrolmentMemberNotActive');
  });

  it('enrols a member who matches a member rule, and refuses one who does not', async () => {
    const { household, spouse } = await householdOf(A.operatorId);
    const { id } = await enrol(A, { programmeId: programme, householdId: household.id, memberId: spouse.id });
    expect(await enrolment(id)).toMatchObject({ memberId: spouse.id, recipientMemberId: spouse.id });
    expect((await outboxOf(spouse.id)).length).toBeGreaterThan(0);

    const child = await householdOf(A.operatorId);
    await db().update(members).set({ birthDate: '2024-01-01', birthYear: 2024 }).where(eq(members.id, child.spouse.id));
    const e = await refusal(
      enrol(A, { programmeId: programme, householdId: child.household.id, memberId: child.spouse.id }),
    );
    expect(e.messageKey).toBe('enrolmentMemberNotEligible');
  });

  it("answers another operator's programme, household or member as not found", async () => {
    const mine = await householdOf(A.operatorId);
    const theirs = await householdOf(B.operatorId);
    const theirProgramme = await programmeOf(B);
    for (const data of [
      { programmeId: theirProgramme, householdId: mine.household.id, memberId: '' },
      { programmeId: programme, householdId: theirs.household.id, memberId: '' },
      { programmeId: programme, householdId: mine.household.id, memberId: theirs.spouse.id },
    ]) {
      expect((await refusal(enrol(A, data))).code).toBe('NOT_FOUND');
    }
  });
});

describe('bulk enrolment', () => {
  it('previews from the eligibility conditions with reasons, confirms set-based, and confirming twice adds nothing', async () => {
    const actor = await adminOf();
    const p = await programmeOf(actor);
    const eligible = await Promise.all([1, 2, 3].map(() => householdOf(actor.operatorId)));
    const poor = await householdOf(actor.operatorId, null);
    const closed = await householdOf(actor.operatorId);
    await db().update(households).set({ status: 'closed' }).where(eq(households.id, closed.household.id));
    await enrol(actor, { programmeId: p, householdId: eligible[0]!.household.id, memberId: '' });
    const data = bulkEnrolSchema.parse({ programmeId: p, source: 'eligibility' });

    const preview = await previewBulkEnrolment(actor, data);
    expect(preview.counts).toEqual({
      qualifies: 2,
      alreadyEnrolled: 1,
      householdClosed: 1,
      noActiveMember: 0,
      notEligible: 1,
    });
    expect(preview.samples.notEligible.map((s) => s.code)).toEqual([poor.household.code]);
    expect(preview.samples.qualifies.map((s) => s.headName)).toEqual(['សុខ ដារ៉ា', 'សុខ ដារ៉ា']);

    expect(await confirmBulkEnrolment(actor, data)).toEqual({ added: 2, qualifying: 2 });
    expect(await confirmBulkEnrolment(actor, data)).toEqual({ added: 0, qualifying: 0 });
    const rows = await db()
      .select()
      .from(benefitEnrolments)
      .where(and(eq(benefitEnrolments.programmeId, p), eq(benefitEnrolments.operatorId, actor.operatorId)));
    expect(rows.map((r) => r.householdId).sort()).toEqual(eligible.map((e) => e.household.id).sort());
    const created = await db()
      .select()
      .from(auditLog)
      .where(
        inArray(
          auditLog.entityId,
          rows.map((r) => r.id),
        ),
      );
    expect(created.filter((a) => a.action === 'enrolment.create')).toHaveLength(3);
    const bulk = (await auditOf(p)).filter((a) => a.action === 'enrolment.bulk');
    expect(bulk.map((a) => (a.after as { added: number }).added)).toEqual([2, 0]);
    for (const e of eligible.slice(1)) expect((await outboxOf(e.head.id)).length).toBeGreaterThan(0);
  });

  it('takes the households of the members a search finds, and only the operator’s own', async () => {
    const actor = await adminOf();
    const other = await adminOf();
    const p = await programmeOf(actor);
    const found = await householdOf(actor.operatorId);
    const alsoFound = await householdOf(actor.operatorId, null);
    await householdOf(other.operatorId);
    // The search finds the household codes; one other household of the operator is left out.
    const rest = await householdOf(actor.operatorId);
    const data = (code: string) => bulkEnrolSchema.parse({ programmeId: p, source: 'search', filters: { q: code } });
    const preview = await previewBulkEnrolment(actor, data(found.household.code));
    expect(preview.counts.qualifies).toBe(1);
    expect(preview.samples.qualifies[0]!.householdId).toBe(found.household.id);
    const second = await previewBulkEnrolment(actor, data(alsoFound.household.code));
    expect(second.counts).toMatchObject({ qualifies: 0, notEligible: 1 });

    expect(await confirmBulkEnrolment(actor, data(found.household.code))).toEqual({ added: 1, qualifying: 1 });
    const rows = await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.programmeId, p));
    expect(rows.map((r) => r.householdId)).toEqual([found.household.id]);
    expect(rows.some((r) => r.householdId === rest.household.id)).toBe(false);
    // A search by sex and status over the whole operator: both of its eligible households.
    const all = bulkEnrolSchema.parse({
      programmeId: p,
      source: 'search',
      filters: { q: '', sex: 'M', status: 'active' },
    });
    expect((await previewBulkEnrolment(actor, all)).counts).toMatchObject({
      qualifies: 1,
      alreadyEnrolled: 1,
      notEligible: 1,
    });
  });

  it("refuses another operator's programme as not found", async () => {
    const theirProgramme = await programmeOf(B);
    const data = bulkEnrolSchema.parse({ programmeId: theirProgramme, source: 'eligibility' });
    expect((await refusal(previewBulkEnrolment(A, data))).code).toBe('NOT_FOUND');
    expect((await refusal(confirmBulkEnrolment(A, data))).code).toBe('NOT_FOUND');
  });
});

describe('states', () => {
  it('suspends with a reason, reactivates, graduates (final), with version checks and audit rows', async () => {
    const { household, head } = await householdOf(A.operatorId);
    const { id } = await enrol(A, { programmeId: programme, householdId: household.id, memberId: '' });
    const before = (await outboxOf(head.id)).length;
    const today = enrolmentToday();
    expect(suspendSchema.safeParse({ enrolmentId: id, version: 1, reason: ' ', date: today }).success).toBe(false);
    expect(await suspendEnrolment(A, { enrolmentId: id, version: 1, reason: 'Away', date: today })).toEqual({
      version: 2,
    });
    expect(await enrolment(id)).toMatchObject({ status: 'suspended', statusReason: 'Away', statusDate: today });
    // A stale version: a conflict, nothing changed.
    expect((await refusal(reactivateEnrolment(A, { enrolmentId: id, version: 1 }))).messageKey).toBe('editConflict');
    expect(
      (await refusal(suspendEnrolment(A, { enrolmentId: id, version: 2, reason: 'x', date: today }))).messageKey,
    ).toBe('enrolmentStatusMove');
    await reactivateEnrolment(A, { enrolmentId: id, version: 2 });
    await endEnrolment(A, { enrolmentId: id, version: 3, outcome: 'graduated', reason: 'Out of poverty', date: today });
    expect(await enrolment(id)).toMatchObject({ status: 'graduated', statusReason: 'Out of poverty', version: 4 });
    expect((await refusal(reactivateEnrolment(A, { enrolmentId: id, version: 4 }))).messageKey).toBe(
      'enrolmentStatusMove',
    );
    expect((await auditOf(id)).map((a) => a.action)).toEqual([
      'enrolment.create',
      'enrolment.status',
      'enrolment.status',
      'enrolment.status',
    ]);
    expect((await outboxOf(head.id)).length).toBe(before + 3);
    // Another operator's administrator: not found.
    expect((await refusal(reactivateEnrolment(B, { enrolmentId: id, version: 4 }))).code).toBe('NOT_FOUND');
  });

  it("a death ends the member's enrolments, and the household's with its last active member, in the same transaction", async () => {
    const { household, head, spouse } = await householdOf(A.operatorId);
    const ofHousehold = await enrol(A, { programmeId: programme, householdId: household.id, memberId: '' });
    const ofSpouse = await enrol(A, { programmeId: programme, householdId: household.id, memberId: spouse.id });
    await recordDeath(A, { memberId: spouse.id, deathDate: '2025-03-04' });
    expect(await enrolment(ofSpouse.id)).toMatchObject({
      status: 'exited',
      statusReason: 'death',
      statusDate: '2025-03-04',
    });
    expect((await enrolment(ofHousehold.id)).status).toBe('active');
    const ended = (await auditOf(ofSpouse.id)).at(-1)!;
    expect(ended).toMatchObject({ action: 'enrolment.status', after: { status: 'exited', statusReason: 'death' } });
    const [death] = (await auditOf(spouse.id)).filter((a) => a.action === 'member.death');
    // Same transaction: now() is the transaction's start, so both rows carry the same time.
    expect(ended.at.getTime()).toBe(death!.at.getTime());

    await recordExit(A, { memberId: head.id, exitDate: '2025-04-05', reason: 'Moved abroad' });
    expect(await enrolment(ofHousehold.id)).toMatchObject({
      status: 'exited',
      statusReason: 'exit',
      statusDate: '2025-04-05',
    });
  });

  it("a member who moves takes their own enrolments along, and stops collecting the former household's", async () => {
    const from = await householdOf(A.operatorId);
    const to = await householdOf(A.operatorId);
    const ofHousehold = await enrol(A, { programmeId: programme, householdId: from.household.id, memberId: '' });
    const ofSpouse = await enrol(A, {
      programmeId: programme,
      householdId: from.household.id,
      memberId: from.spouse.id,
    });
    const spouseCollects = paymentDetailsSchema.parse({ ...emptyPaymentDetails(), recipientMemberId: from.spouse.id });
    await updatePaymentDetails(A, { enrolmentId: ofHousehold.id, version: 1, ...spouseCollects });
    await moveMember(A, { memberId: from.spouse.id, householdCode: to.household.code, relationship: 'other_relative' });
    expect(await enrolment(ofSpouse.id)).toMatchObject({ householdId: to.household.id, status: 'active', version: 2 });
    expect(await enrolment(ofHousehold.id)).toMatchObject({ recipientMemberId: from.head.id, version: 3 });
    expect((await auditOf(ofSpouse.id)).map((a) => a.action)).toEqual(['enrolment.create', 'enrolment.move']);
    expect((await auditOf(ofHousehold.id)).at(-1)).toMatchObject({
      action: 'enrolment.payment_details',
      before: { recipientMemberId: from.spouse.id },
      after: { recipientMemberId: from.head.id },
    });
  });

  it('a death that fails rolls back the ended enrolments with it', async () => {
    const { household, spouse } = await householdOf(A.operatorId);
    const mine = await enrol(A, { programmeId: programme, householdId: household.id, memberId: spouse.id });
    // Before the birth: refused after nothing was written.
    await refusal(recordDeath(A, { memberId: spouse.id, deathDate: '1900-01-01' }));
    expect((await enrolment(mine.id)).status).toBe('active');
  });
});

describe('payment details', () => {
  const details = (over: Partial<ReturnType<typeof emptyPaymentDetails>>) => ({ ...emptyPaymentDetails(), ...over });
  const errors = (input: unknown) => {
    const r = paymentDetailsSchema.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('asks each channel for its own detail, beside the field, and keeps phones in E.164', () => {
    expect(errors(details({ channel: 'wing' }))).toEqual({ phone: 'enrolmentPhoneForWing' });
    expect(errors(details({ channel: 'bank' }))).toEqual({ account: 'enrolmentAccountForBank' });
    expect(errors(details({ channel: 'cash_pickup' }))).toEqual({ paymentPoint: 'enrolmentPointForCash' });
    expect(errors(details({ channel: 'wing', phone: '123' }))).toEqual({ phone: 'invalidPhone' });
    expect(errors(details({ recipientKind: 'proxy' }))).toEqual({
      proxyName: 'required',
      proxyRelationship: 'required',
    });
    const ok = paymentDetailsSchema.parse(details({ channel: 'wing', phone: '012 345 678' }));
    expect(ok.phone).toBe('+85512345678');
    // The output parses again to itself: the form sends it to the server as it is.
    expect(paymentDetailsSchema.parse(ok)).toEqual(ok);
  });

  it('saves details with a proxy; a recipient outside the household is refused beside the field', async () => {
    const { household } = await householdOf(A.operatorId);
    const stranger = await householdOf(A.operatorId);
    const { id } = await enrol(A, { programmeId: programme, householdId: household.id, memberId: '' });
    const proxy = paymentDetailsSchema.parse(
      details({
        channel: 'cash_pickup',
        paymentPoint: 'Commune office',
        recipientKind: 'proxy',
        proxyName: 'ចាន់ សុភា',
        proxyRelationship: 'Neighbour',
        proxyPhone: '012345678',
      }),
    );
    expect(await updatePaymentDetails(A, { enrolmentId: id, version: 1, ...proxy })).toEqual({ version: 2 });
    expect(await enrolment(id)).toMatchObject({
      channel: 'cash_pickup',
      paymentPoint: 'Commune office',
      recipientMemberId: null,
      proxyName: 'ចាន់ សុភា',
      proxyPhone: '+85512345678',
    });
    const wrong = paymentDetailsSchema.parse(details({ recipientMemberId: stranger.head.id }));
    const e = await refusal(updatePaymentDetails(A, { enrolmentId: id, version: 2, ...wrong }));
    expect(e.fieldErrors).toEqual({ recipientMemberId: ['enrolmentRecipient'] });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['enrolment.create', 'enrolment.payment_details']);
    // Another operator's administrator: not found, nothing changed.
    const none = paymentDetailsSchema.parse(details({}));
    expect((await refusal(updatePaymentDetails(B, { enrolmentId: id, version: 2, ...none }))).code).toBe('NOT_FOUND');
    expect((await enrolment(id)).version).toBe(2);
  });
});

// PGlite runs one transaction at a time, so only PostgreSQL can show two confirmations racing.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('on PostgreSQL, at the same moment', () => {
  it('two bulk confirmations (a double click, two officers) enrol each household once', async () => {
    const actor = await adminOf();
    const p = await programmeOf(actor);
    await Promise.all([1, 2, 3, 4].map(() => householdOf(actor.operatorId)));
    const data = bulkEnrolSchema.parse({ programmeId: p, source: 'eligibility' });
    const results = await Promise.all([confirmBulkEnrolment(actor, data), confirmBulkEnrolment(actor, data)]);
    expect(results.reduce((n, r) => n + r.added, 0)).toBe(4);
    const rows = await db().select().from(benefitEnrolments).where(eq(benefitEnrolments.programmeId, p));
    expect(rows).toHaveLength(4);
  });

  it('two officers enrolling the same household: one enrols it, the other is told it is enrolled', async () => {
    const { household } = await householdOf(A.operatorId);
    const data = { programmeId: programme, householdId: household.id, memberId: '' };
    const outcomes = await Promise.allSettled([enrol(A, data), enrol(A, data)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect((refused!.reason as DomainError).messageKey).toBe('enrolmentAlreadyEnrolled');
  });
});
