import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { households, members, operators, type ReviewDecision } from '@/db/schema';
import { ownOperator, ownedBy, type Tenant } from '@/lib/auth/scope';
import { parseRepresentedParty, type EnrollmentRecord, type Registration, type RepresentedParty } from '@/lib/camdx';
import { DCI_ENROLMENT_STATUS } from '@/lib/payments/values';
import { loadProgrammes } from './beneficiary';

export interface ClaimedRow {
  id: number;
  memberId: string;
  referenceId: string;
  attempts: number;
  xRoadId: string;
  batchId: string;
  /** The review decision this version tells the registry, if any. */
  review: ReviewDecision | null;
}

/** A member's own status as an EnrollmentStatusEnum label: their registration with the operator. */
const REGISTRATION_STATUS: Record<string, Registration['status']> = {
  active: 'Active',
  deceased: 'Deceased',
  exited: DCI_ENROLMENT_STATUS.exited,
};

/**
 * The records for claimed outbox rows, read now: the registry gets the member as it is when sent
 * (a later change has its own, newer row queued behind this one).
 */
export async function loadRecords(tx: Db, tenant: Tenant, rows: ClaimedRow[]): Promise<Map<string, EnrollmentRecord>> {
  const ids = [...new Set(rows.map((r) => r.memberId))];
  const found = await tx
    .select({
      m: members,
      villageCode: households.villageCode,
      addressLine: households.addressLine,
    })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    // The batch's operator as well as the ids: a row of another operator never leaves in its message.
    .where(and(ownedBy(members, tenant), inArray(members.id, ids)));
  const byId = new Map(found.map((f) => [f.m.id, f]));
  const programmes = await loadProgrammes(tx, tenant, ids);
  const out = new Map<string, EnrollmentRecord>();
  for (const r of rows) {
    const f = byId.get(r.memberId);
    if (!f) continue;
    const m = f.m;
    out.set(r.referenceId, {
      referenceId: r.referenceId,
      registration: {
        date: m.createdAt.toISOString().slice(0, 10),
        status: REGISTRATION_STATUS[m.status] ?? 'Active',
      },
      programmes: programmes.get(m.id) ?? [],
      ...(r.review ? { review: { kind: r.review.kind, referenceId: r.review.referenceId, spid: r.review.spid } } : {}),
      member: {
        localId: m.id,
        khmerId: m.khmerId,
        surnameKm: m.surnameKm,
        givenNameKm: m.givenNameKm,
        surnameLatin: m.surnameLatin,
        givenNameLatin: m.givenNameLatin,
        sex: m.sex === 'F' ? 'F' : 'M',
        birthDate: m.birthDate,
        birthYear: m.birthYear,
        birthEstimated: m.birthEstimated,
        villageCode: f.villageCode,
        addressLine: f.addressLine,
        phones: m.phone ? [m.phone] : [],
        hasDisability: m.hasDisability,
        disability: m.disability,
      },
    });
  }
  return out;
}

/**
 * The operator's X-Road-Represented-Party, read when its batch is sent (an administrator may have
 * changed it). A value that no longer passes the identifier rules fails the batch for an administrator.
 */
export async function representedPartyOf(
  tx: Db,
  actor: Tenant,
  strict: boolean,
): Promise<RepresentedParty | undefined> {
  const [op] = await tx.select({ party: operators.camdxRepresentedParty }).from(operators).where(ownOperator(actor));
  return op?.party ? parseRepresentedParty(op.party, strict) : undefined;
}
