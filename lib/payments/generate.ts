import 'server-only';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { db, type Db } from '@/db/client';
import { query } from '@/db/rows';
import { paymentLists, programmes, type PaymentListRow, type ProgrammeRow } from '@/db/schema';
import { fieldErrorsOf } from '@/lib/action';
import { writeAudit } from '@/lib/audit/write';
import { ownedBy, tenantOf } from '@/lib/auth/scope';
import { reserveCode, type CodeOwner } from '@/lib/codes/reserve';
import { DomainError } from '@/lib/errors';
import { benefitRules } from '@/lib/programmes/rules';
import { enrolmentAmounts } from './amounts-sql';
import { generateListSchema, listMoveSchema, periodDates } from './schemas';
import { recomputeTotals } from './totals';

/** Who generates, submits, approves: a user of an operator (OperatorUser fits; tests pass the fields alone). */
export interface PaymentActor extends CodeOwner {
  readonly id: string;
}

export interface GenerateResult {
  id: string;
  code: string;
  lines: number;
  total: number;
  currency: string;
  /** Active enrolments left out because the amount on the payment date is 0 (no rule matched, all 0). */
  leftOutZero: number;
  /** Active enrolments left out because the household no longer meets the eligibility condition, or the member no longer counts. */
  leftOutIneligible: number;
}

/** "A list for this period exists: <code>" — the existing list rides along so that a page can link it. */
export class ListExistsError extends DomainError {
  constructor(readonly existing: { id: string; code: string }) {
    super('CONFLICT', 'paymentListExists', { period: ['paymentListExists'] });
  }
}

export function parse<S extends z.ZodType>(schema: S, v: unknown): z.output<S> {
  const r = schema.safeParse(v);
  if (!r.success) throw new DomainError('INVALID', 'INVALID', fieldErrorsOf(r.error));
  return r.data;
}

/**
 * The payment date of a period: its first day, or the programme's start when the programme starts
 * later within it. Chosen over a date typed on the form because ages, household sizes and states are
 * evaluated on it: derived from the period, two officers generating the same period compute the same
 * amounts, and nothing is left to mistype. The provider's actual value date is the provider's.
 */
export function paymentDateOf(period: { start: string }, programme: Pick<ProgrammeRow, 'startDate'>): string {
  return period.start > programme.startDate ? period.start : programme.startDate;
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const err = c as { code?: string; constraint?: string; constraint_name?: string; message?: string };
    if (err.code === '23505' && (err.constraint_name ?? err.constraint ?? err.message ?? '').includes(constraint))
      return true;
  }
  return false;
}

async function existingList(actor: PaymentActor, programmeId: string, period: string) {
  const [row] = await db()
    .select({ id: paymentLists.id, code: paymentLists.code })
    .from(paymentLists)
    .where(
      and(
        ownedBy(paymentLists, actor),
        eq(paymentLists.programmeId, programmeId),
        eq(paymentLists.period, period),
        isNull(paymentLists.followsListId),
      ),
    );
  return row;
}

/**
 * The lines of a regular list in ONE statement over the programme's active enrolments, each amount
 * computed from the rules in SQL, with a frozen copy of who is paid and how: the recipient is the
 * enrolment's recipient member, else the enrolled member, else the household's active head; a named
 * proxy, when there is one, is the recipient. Line numbers follow village, household code, then the
 * household's own enrolment before its members'. Exported for the benchmark's EXPLAIN.
 */
export function linesStatement(
  actor: PaymentActor,
  list: Pick<PaymentListRow, 'id' | 'code' | 'programmeId' | 'period' | 'paymentDate' | 'currency'>,
  programme: ProgrammeRow,
): SQL {
  const rules = benefitRules.parse(programme.rules);
  const op = tenantOf(actor);
  return sql`with ${enrolmentAmounts(actor, list.programmeId, rules, list.paymentDate)},
    heads as (select distinct on (m.household_id) m.household_id, m.id from members m
      where m.operator_id = ${op} and m.status = 'active' and m.relationship = 'head'
      order by m.household_id, m.created_at, m.id),
    src as (select a.*, be.household_id, be.member_id, be.channel, be.account, be.payment_point, be.proxy_name,
        coalesce(be.phone, be.proxy_phone) as phone, hh.code as household_code, hh.village_code, hh.commune_code,
        rm.surname_km || ' ' || rm.given_name_km as name_km,
        nullif(btrim(concat_ws(' ', rm.surname_latin, rm.given_name_latin)), '') as name_latin,
        rm.khmer_id,
        row_number() over (order by hh.village_code, hh.code, be.member_id nulls first, be.id) as n
      from amt a
      join benefit_enrolments be on be.id = a.enrolment_id
      join households hh on hh.id = be.household_id
      left join heads hd on hd.household_id = be.household_id and be.member_id is null
      left join members rm on rm.id = coalesce(be.recipient_member_id, be.member_id, hd.id)
      where a.amount > 0),
    ins as (insert into payment_lines (operator_id, list_id, programme_id, period, enrolment_id, household_id,
        member_id, line_ref, line_no, amount, currency, breakdown, household_code, recipient_name_km,
        recipient_name_latin, recipient_khmer_id, proxy_name, channel, account, phone, payment_point,
        village_code, commune_code)
      select ${op}, ${list.id}::uuid, ${list.programmeId}::uuid, ${list.period}, s.enrolment_id, s.household_id,
        s.member_id, ${list.code} || '-' || lpad(s.n::text, greatest(5, length(s.n::text)), '0'), s.n, s.amount,
        ${list.currency}, jsonb_build_object('base', s.base, 'members', s.members_amount,
          'qualifying', s.qualifying, 'capped', s.capped),
        s.household_code,
        -- A named proxy collects: the proxy is the recipient (their ID is not on record).
        coalesce(s.proxy_name, s.name_km, ''),
        case when s.proxy_name is null then s.name_latin end,
        case when s.proxy_name is null then s.khmer_id end,
        s.proxy_name, s.channel, s.account, s.phone, s.payment_point, s.village_code, s.commune_code
      from src s
      returning 1)
    select (select count(*) from enr)::int as enrolled, (select count(*) from amt)::int as eligible,
      (select count(*) from ins)::int as inserted`;
}

async function insertLines(
  tx: Db,
  actor: PaymentActor,
  list: Pick<PaymentListRow, 'id' | 'code' | 'programmeId' | 'period' | 'paymentDate' | 'currency'>,
  programme: ProgrammeRow,
): Promise<{ enrolled: number; eligible: number; inserted: number }> {
  // One statement of a few hundred expressions over 100,000 rows: PostgreSQL's JIT compiler spent
  // longer compiling it (≈ 11 s) than running it, and its sorts spilled to disk at the default work_mem.
  // Both settings end with the transaction.
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`set local work_mem = '64MB'`);
  const [row] = await query<{ enrolled: number; eligible: number; inserted: number }>(
    tx,
    linesStatement(actor, list, programme),
  );
  return { enrolled: Number(row!.enrolled), eligible: Number(row!.eligible), inserted: Number(row!.inserted) };
}

async function activeProgramme(tx: Db, actor: PaymentActor, programmeId: string): Promise<ProgrammeRow> {
  // Shared lock: the programme cannot be closed or changed while its list is being written.
  const [p] = await tx
    .select()
    .from(programmes)
    .where(and(eq(programmes.id, programmeId), ownedBy(programmes, actor)))
    .for('share');
  if (!p) throw new DomainError('NOT_FOUND', 'NOT_FOUND', { programmeId: ['programmeNotFound'] });
  if (p.status !== 'active')
    throw new DomainError('CONFLICT', 'paymentProgrammeNotActive', { programmeId: ['paymentProgrammeNotActive'] });
  return p;
}

/** The period's dates, checked against the programme's frequency and dates. */
function checkPeriod(p: ProgrammeRow, period: string): { start: string; end: string } {
  const dates = periodDates(period, p.frequency);
  if (!dates) throw new DomainError('INVALID', 'paymentPeriodFormat', { period: [`paymentPeriod_${p.frequency}`] });
  if (dates.end < p.startDate || (p.endDate !== null && dates.start > p.endDate))
    throw new DomainError('INVALID', 'paymentPeriodOutside', { period: ['paymentPeriodOutside'] });
  return dates;
}

export async function loadList(tx: Db, actor: PaymentActor, listId: string) {
  const [list] = await tx
    .select()
    .from(paymentLists)
    .where(and(eq(paymentLists.id, listId), ownedBy(paymentLists, actor)))
    .for('update');
  if (!list) throw new DomainError('NOT_FOUND');
  return list;
}

/**
 * Generates the list of a programme for a period: one transaction with the list's code, its lines
 * (one INSERT … SELECT), its totals and its audit row. Idempotent by the unique index on programme
 * and period: a second generation — the same officer twice, a double click, two officers at once —
 * gets `ListExistsError` naming the list that exists, never a second list.
 */
export async function generatePaymentList(actor: PaymentActor, input: unknown): Promise<GenerateResult> {
  const { programmeId, period } = parse(generateListSchema, input);
  const exists = await existingList(actor, programmeId, period);
  if (exists) throw new ListExistsError(exists);
  try {
    return await db().transaction(async (tx) => {
      const programme = await activeProgramme(tx, actor, programmeId);
      const dates = checkPeriod(programme, period);
      const code = await reserveCode(tx, actor, 'paymentList');
      const [list] = await tx
        .insert(paymentLists)
        .values({
          operatorId: actor.operatorId,
          programmeId,
          code,
          period,
          paymentDate: paymentDateOf(dates, programme),
          currency: programme.currency,
          generatedBy: actor.id,
          generatedAt: sql`now()`,
        })
        .returning();
      const counts = await insertLines(tx, actor, list!, programme);
      await recomputeTotals(tx, list!.id);
      const [after] = await tx.select().from(paymentLists).where(eq(paymentLists.id, list!.id));
      const result: GenerateResult = {
        id: list!.id,
        code,
        lines: after!.lineCount,
        total: after!.totalAmount,
        currency: after!.currency,
        leftOutZero: counts.eligible - counts.inserted,
        leftOutIneligible: counts.enrolled - counts.eligible,
      };
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'paymentList.generate',
        entityType: 'payment_list',
        entityId: list!.id,
        after: { programmeId, period, paymentDate: list!.paymentDate, ...result },
      });
      return result;
    });
  } catch (e) {
    // Two generations raced past the check above: the loser's insert waited for the winner and
    // hit the unique index. Same answer as when the list was there already.
    if (
      isUniqueViolation(e, 'payment_lists_programme_period_uq') ||
      isUniqueViolation(e, 'payment_lines_beneficiary')
    ) {
      const winner = await existingList(actor, programmeId, period);
      if (winner) throw new ListExistsError(winner);
    }
    throw e;
  }
}

/**
 * Regenerates a DRAFT list from the register as it is now (after corrections, or a rejection):
 * its lines are deleted and written again in the same transaction, the code stays. Chosen over
 * "delete the draft" so that the list keeps its code and its audit trail. Only a regular list: a
 * follow-up's lines are the failed lines it carries, not a fresh evaluation of the rules.
 */
export async function regenerateDraft(actor: PaymentActor, input: unknown): Promise<GenerateResult> {
  const { listId, version } = parse(listMoveSchema, input);
  return db().transaction(async (tx) => {
    const list = await loadList(tx, actor, listId);
    if (list.version !== version) throw new DomainError('CONFLICT', 'paymentListChanged');
    if (list.status !== 'draft') throw new DomainError('CONFLICT', 'paymentListFrozen');
    if (list.followsListId) throw new DomainError('CONFLICT', 'paymentFollowUpRegenerate');
    const programme = await activeProgramme(tx, actor, list.programmeId);
    const before = { lineCount: list.lineCount, totalAmount: list.totalAmount };
    await tx.execute(
      sql`delete from payment_lines where list_id = ${list.id}::uuid and operator_id = ${tenantOf(actor)}`,
    );
    const counts = await insertLines(tx, actor, list, programme);
    await recomputeTotals(tx, list.id);
    const [after] = await tx
      .update(paymentLists)
      .set({ version: sql`${paymentLists.version} + 1`, generatedBy: actor.id, generatedAt: sql`now()` })
      .where(eq(paymentLists.id, list.id))
      .returning();
    const result: GenerateResult = {
      id: list.id,
      code: list.code,
      lines: after!.lineCount,
      total: after!.totalAmount,
      currency: after!.currency,
      leftOutZero: counts.eligible - counts.inserted,
      leftOutIneligible: counts.enrolled - counts.eligible,
    };
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'paymentList.regenerate',
      entityType: 'payment_list',
      entityId: list.id,
      before,
      after: { lineCount: result.lines, totalAmount: result.total },
    });
    return result;
  });
}
