import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { programmes, type ProgrammeRow } from '@/db/schema';
import { query } from '@/db/rows';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, tenantOf, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import { enqueueBenefitChanges } from '@/lib/registry/benefits';
import { benefitRules, type BenefitRules } from './rules';

// What single and bulk enrolment, the state moves and the register's deaths and exits share.

export const audit = (actor: OperatorUser) => ({ operatorId: actor.operatorId, actorId: actor.id });

/** The programme, locked against a status change while enrolling; only an active one takes beneficiaries. */
export async function activeProgramme(
  tx: Db,
  actor: OperatorUser,
  id: string,
): Promise<ProgrammeRow & { parsedRules: BenefitRules }> {
  const [row] = await tx
    .select()
    .from(programmes)
    .where(and(eq(programmes.id, id), ownedBy(programmes, actor)))
    .for('share');
  if (!row) throw new DomainError('NOT_FOUND');
  if (row.status !== 'active')
    throw new DomainError('INVALID', 'enrolmentProgrammeNotActive', { programmeId: ['enrolmentProgrammeNotActive'] });
  // Stored rules were checked when saved; parsing again gives rules-sql.ts the shape it relies on.
  return { ...row, parsedRules: benefitRules.parse(row.rules) };
}

/**
 * The member who carries each enrolment in the registry: the member of a member enrolment, the
 * household's head for a household enrolment (an active head first; the last head when none is
 * active, e.g. a household whose last member just died). One statement for any number.
 */
export async function carriersOf(tx: Db, actor: Tenant, enrolmentIds: readonly string[]): Promise<string[]> {
  if (enrolmentIds.length === 0) return [];
  const rows = await query<{ id: string | null }>(
    tx,
    sql`select coalesce(e.member_id, (select m.id from members m
          where m.household_id = e.household_id and m.operator_id = ${tenantOf(actor)} and m.relationship = 'head'
          order by (m.status = 'active') desc, m.updated_at desc limit 1)) as id
      from benefit_enrolments e
      where e.operator_id = ${tenantOf(actor)}
        and e.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(enrolmentIds)}::jsonb))`,
  );
  return rows.map((r) => r.id).filter((id): id is string => id !== null);
}

/** Tells the registry, in the change's transaction, that these members' benefits changed (one statement). */
export async function tellRegistry(tx: Db, actor: OperatorUser, memberIds: readonly string[]): Promise<void> {
  await enqueueBenefitChanges(tx, actor, [...new Set(memberIds)], actor.id);
}

/** A programme's display name in the reader's language. */
export function programmeName(p: { nameKm: string; nameEn: string }, locale: string): string {
  return locale === 'km' ? p.nameKm : p.nameEn;
}
