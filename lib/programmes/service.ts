import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db, type Db } from '@/db/client';
import { adminUnits, programmes, type ProgrammeRow } from '@/db/schema';
import { fieldErrorsOf } from '@/lib/action';
import { diff, writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError, type FieldErrors } from '@/lib/errors';
import { countQualifying } from './rules-sql';
import { benefitRules, type BenefitRules } from './rules';
import { programmeRefSchema, programmeSchema, programmeStatusSchema, type ProgrammeData } from './schemas';
import { NEXT_STATUS, type ProgrammeStatus } from './values';

/**
 * Programmes (issue 10). Actor-first domain functions; role checks live in the entry points.
 * Every write parses its input with the form's schema again (a background caller cannot store
 * unchecked rules), runs in one transaction with its audit row, and is scoped to the actor's operator.
 *
 * Lifecycle: draft → active → closed, nothing else.
 * - draft: every field may change.
 * - active: payment lists are (or will be) built from it, so what decides who is paid and how
 *   much is fixed: code, benefit type, currency, frequency, start date and rules. Only the names,
 *   the description and the end date may change (to end the programme early or extend it).
 * - closed: nothing changes.
 */
export const FIXED_WHEN_ACTIVE = ['code', 'benefitType', 'currency', 'frequency', 'startDate', 'rules'] as const;
const FIELDS = [
  'code',
  'nameKm',
  'nameEn',
  'description',
  'benefitType',
  'currency',
  'frequency',
  'startDate',
  'endDate',
  'rules',
] as const;

export type Programme = ProgrammeRow;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainError('INVALID', 'INVALID', fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** Keys sorted at every level: jsonb gives keys back in its own order, so compare rules this way. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function stored(row: Pick<ProgrammeRow, (typeof FIELDS)[number]>): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((f) => [f, f === 'rules' ? canonical(row[f]) : row[f]]));
}

const codeTaken = () => new DomainError('CONFLICT', 'programmeCodeTaken', { code: ['programmeCodeTaken'] });

async function assertCodeFree(tx: Db, actor: OperatorUser, code: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: programmes.id })
    .from(programmes)
    .where(and(ownedBy(programmes, actor), eq(programmes.code, code)));
  if (taken && taken.id !== exceptId) throw codeTaken();
}

/** A unique violation on the code (two saves racing past the check) is the same field error. */
function isCodeRace(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const err = c as { code?: string; constraint?: string; message?: string };
    if (err.code === '23505' && (err.constraint ?? err.message ?? '').includes('programmes_operator_code_uq'))
      return true;
  }
  return false;
}

async function lockProgramme(tx: Db, actor: OperatorUser, id: string): Promise<ProgrammeRow> {
  const [row] = await tx
    .select()
    .from(programmes)
    .where(and(eq(programmes.id, id), ownedBy(programmes, actor)))
    .for('update');
  // Another operator's programme is answered exactly like a missing one.
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

export async function listProgrammes(actor: OperatorUser): Promise<Programme[]> {
  return db().select().from(programmes).where(ownedBy(programmes, actor)).orderBy(asc(programmes.code));
}

export async function getProgramme(actor: OperatorUser, id: string): Promise<Programme> {
  if (!programmeRefSchema.shape.id.safeParse(id).success) throw new DomainError('NOT_FOUND');
  const [row] = await db()
    .select()
    .from(programmes)
    .where(and(eq(programmes.id, id), ownedBy(programmes, actor)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

export async function createProgramme(actor: OperatorUser, input: unknown): Promise<{ id: string; version: number }> {
  const data: ProgrammeData = parse(programmeSchema, input);
  try {
    return await db().transaction(async (tx) => {
      await assertCodeFree(tx, actor, data.code);
      const [row] = await tx
        .insert(programmes)
        .values({ ...data, operatorId: actor.operatorId, status: 'draft', createdBy: actor.id })
        .returning();
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'programme.create',
        entityType: 'programme',
        entityId: row!.id,
        after: { ...stored(row!), status: row!.status },
      });
      return { id: row!.id, version: row!.version };
    });
  } catch (e) {
    if (isCodeRace(e)) throw codeTaken();
    throw e;
  }
}

/** Saves over the version the form was loaded at; a newer version on record → CONFLICT 'editConflict'. */
export async function updateProgramme(actor: OperatorUser, input: unknown): Promise<{ version: number }> {
  const ref = parse(programmeRefSchema, input);
  const data: ProgrammeData = parse(programmeSchema, input);
  const stale = () => new DomainError('CONFLICT', 'editConflict');
  try {
    return await db().transaction(async (tx) => {
      const before = await lockProgramme(tx, actor, ref.id);
      if (before.version !== ref.version) throw stale();
      const d = diff(stored(before), stored(data));
      if (!d.changed) return { version: before.version };
      assertEditable(before.status as ProgrammeStatus, Object.keys(d.after));
      if (data.code !== before.code) await assertCodeFree(tx, actor, data.code, before.id);
      const [updated] = await tx
        .update(programmes)
        .set({ ...data, version: sql`${programmes.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(programmes.id, before.id), ownedBy(programmes, actor), eq(programmes.version, ref.version)))
        .returning({ version: programmes.version });
      if (!updated) throw stale();
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'programme.update',
        entityType: 'programme',
        entityId: before.id,
        before: d.before,
        after: d.after,
      });
      return { version: updated.version };
    });
  } catch (e) {
    if (isCodeRace(e)) throw codeTaken();
    throw e;
  }
}

function assertEditable(status: ProgrammeStatus, changed: string[]): void {
  if (status === 'closed') throw new DomainError('CONFLICT', 'programmeClosed');
  if (status !== 'active') return;
  const fixed = changed.filter((f) => (FIXED_WHEN_ACTIVE as readonly string[]).includes(f));
  if (fixed.length === 0) return;
  const fields: FieldErrors = Object.fromEntries(fixed.map((f) => [f, ['programmeActiveFixed']]));
  throw new DomainError('CONFLICT', 'programmeActiveFixed', fields);
}

/** draft → active → closed only; the same status again is a no-op. */
export async function setProgrammeStatus(actor: OperatorUser, input: unknown): Promise<{ version: number }> {
  const { id, version, status } = parse(programmeStatusSchema, input);
  return db().transaction(async (tx) => {
    const before = await lockProgramme(tx, actor, id);
    if (before.version !== version) throw new DomainError('CONFLICT', 'editConflict');
    if (before.status === status) return { version: before.version };
    if (NEXT_STATUS[before.status as ProgrammeStatus] !== status) {
      throw new DomainError('CONFLICT', 'programmeStatusMove', { status: ['programmeStatusMove'] });
    }
    const [updated] = await tx
      .update(programmes)
      .set({ status, version: sql`${programmes.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(programmes.id, before.id), ownedBy(programmes, actor), eq(programmes.version, version)))
      .returning({ version: programmes.version });
    if (!updated) throw new DomainError('CONFLICT', 'editConflict');
    await writeAudit(tx, {
      operatorId: actor.operatorId,
      actorId: actor.id,
      action: 'programme.status',
      entityType: 'programme',
      entityId: before.id,
      before: { status: before.status },
      after: { status },
    });
    return { version: updated.version };
  });
}

/** Today's date in Cambodia (YYYY-MM-DD), whatever the server's own time zone. */
export function todayInCambodia(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Phnom_Penh' }).format(now);
}

/** The rule editor's live count: the actor's households that meet the eligibility condition today. */
export async function countEligibleToday(actor: OperatorUser, rules: BenefitRules): Promise<{ count: number }> {
  const parsed = parse(benefitRules, rules);
  return { count: await countQualifying(db(), actor, parsed, todayInCambodia()) };
}

/** The codes a condition names, anywhere in the rules (provinces, districts, communes). */
function areaCodes(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => areaCodes(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (['provinces', 'districts', 'communes'].includes(k) && Array.isArray(x)) x.forEach((c) => out.add(String(c)));
      else areaCodes(x, out);
    }
  return out;
}

/** Names (Khmer and Latin) of the areas the rules name, retired units included, for reading them as sentences. */
export async function ruleAreaNames(rules: BenefitRules): Promise<Record<string, { km: string; latin: string }>> {
  const codes = [...areaCodes(rules)];
  if (codes.length === 0) return {};
  const rows = await db()
    .select({ code: adminUnits.code, km: adminUnits.nameKm, latin: adminUnits.nameLatin })
    .from(adminUnits)
    .where(inArray(adminUnits.code, codes));
  return Object.fromEntries(rows.map((r) => [r.code, { km: r.km, latin: r.latin }]));
}
