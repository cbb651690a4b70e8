import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  auditLog,
  identityVerifications,
  importJobs,
  memberRegistry,
  registryOutbox,
  registryReviews,
  type RegistryState,
} from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { exportMembers } from '@/lib/exports/export';
import { createProgramme } from '@/lib/programmes/service';
import type { EnrolmentInput } from '@/lib/households/schemas';
import { exportQuerySchema } from '@/lib/exports/api-schema';
import type { ExportFilters } from '@/lib/exports/filters';
import { makeOperator, makeUser, signInAs } from './fixtures';
import { ensureUnits, householdOfThree } from './households';
import { enrolAs } from './records';
import { makeHousehold, makeMembers, seedVillages, VILLAGES } from './search-data';

// Two operators holding the same-looking people: a household enrolled through the real action with
// the same names, birth dates, phones, IDPoor number and Khmer IDs; a household with the same code
// in another province; registry states, an open review, a Khmer ID check, an import job, audit rows
// and an export for each. Only a few rows differ (each operator's "only" household), so that counts
// differ too. Used by test/list-leak.test.ts.

export const SHARED = {
  headKhmerId: '123450001',
  spouseKhmerId: '123450002',
  keoKhmerId: '123450003',
  /** Household codes are unique per operator only: both hold this one. */
  code: 'LOOK-000001',
  householdPhone: '012 345 678',
  memberPhone: '097 712 3456',
  /** The enrolled household's IDPoor number, typed as 12 digits in the search box. */
  idpoor: '01020101-0042',
} as const;

/** The enrolment both operators made: householdOfThree with fixed Khmer IDs for the head and spouse. */
export function lookAlikeEnrolment(withKhmerIds = true): EnrolmentInput {
  const base = householdOfThree({ phone: SHARED.householdPhone, idpoorNumber: SHARED.idpoor });
  const ids = withKhmerIds ? [SHARED.headKhmerId, SHARED.spouseKhmerId] : ['', ''];
  return { ...base, members: base.members.map((m, i) => (i < 2 ? { ...m, khmerId: ids[i]! } : { ...m, khmerId: '' })) };
}

export interface Person {
  id: string;
  householdId: string;
  village: string;
  sex: 'M' | 'F';
  status: 'active' | 'deceased' | 'exited';
  hasDisability: boolean;
  khmerId: string | null;
  registry: RegistryState | null;
}

export interface Side {
  tag: string;
  operatorId: string;
  actor: OperatorUser;
  adminId: string;
  officerId: string;
  viewerId: string;
  userIds: string[];
  enrolled: { householdId: string; code: string; head: string; spouse: string; child: string };
  look: { householdId: string; sreypov: string; samnang: string };
  only: { householdId: string; code: string; khmerIds: string[] };
  people: Person[];
  householdIds: string[];
  jobIds: string[];
  /** A programme with the same code in both operators. */
  programmeIds: string[];
  reviewId: string;
  /** The action only this operator's trail holds. */
  probeAction: string;
}

/** The export's filters from a query string's parameters, as GET /api/v1/export reads them. */
export function exportFilters(params: Record<string, string> = {}): ExportFilters {
  const { format: _format, ...filters } = exportQuerySchema.parse({ format: 'csv', ...params });
  return filters;
}

/** Reads an export's stream to its end. */
export async function drain(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

/** Waits until every export started has written its "export.finish" row (written after the stream ends). */
export async function exportsSettled(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [s] = await db().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'export.start'));
    const [f] = await db().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'export.finish'));
    if (s!.n === f!.n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('an export never finished');
}

export async function operatorActor(userId: string): Promise<OperatorUser> {
  await signInAs(userId);
  return requireRole('households');
}

/** One operator's look-alike data; `extra` members in its own household make its counts differ. */
export async function seedSide(tag: string, extra: number): Promise<Side> {
  await ensureUnits();
  await seedVillages();
  const operatorId = (await makeOperator(`LK${tag}`)).id;
  const admin = await makeUser({ operatorId, roles: ['operator_admin'], email: `admin-${tag}@example.org` });
  const officer = await makeUser({ operatorId, roles: ['enrolment_officer'], email: `officer-${tag}@example.org` });
  const viewer = await makeUser({ operatorId, roles: ['viewer'], email: `viewer-${tag}@example.org` });

  // 1. Enrolled through the real action: audit rows, outbox rows, a reserved household code.
  // The other operator's same Khmer IDs must not block it: if they do, the duplicate check leaks.
  const e = await enrolAs(officer.id, lookAlikeEnrolment()).catch((err: unknown) => {
    throw new Error(
      `LEAK? ${tag}'s enrolment of the look-alike household was refused; enrolHousehold's duplicate checks ` +
        `(lib/households/dedupe.ts sameKhmerId/similarPeople) may be naming another operator's members: ${String(err)}`,
    );
  });
  const people: Person[] = [
    {
      id: e.head.id,
      householdId: e.householdId,
      village: VILLAGES.a,
      sex: 'M',
      status: 'active',
      hasDisability: false,
      khmerId: SHARED.headKhmerId,
      registry: 'has_spid',
    },
    {
      id: e.spouse.id,
      householdId: e.householdId,
      village: VILLAGES.a,
      sex: 'F',
      status: 'active',
      hasDisability: false,
      khmerId: SHARED.spouseKhmerId,
      registry: 'needs_attention',
    },
    {
      id: e.child.id,
      householdId: e.householdId,
      village: VILLAGES.a,
      sex: 'M',
      status: 'active',
      hasDisability: false,
      khmerId: null,
      registry: 'queued',
    },
  ];

  // 2. The same household code in both operators, in another province.
  const look = await makeHousehold(operatorId, {
    code: SHARED.code,
    village: VILLAGES.b,
    idpoorNumber: '02030102-0007',
    phone: '+85517555666',
  });
  const [sreypov, samnang] = await makeMembers(operatorId, look.id, [
    {
      surnameKm: 'កែវ',
      givenNameKm: 'ស្រីពៅ',
      surnameLatin: 'Keo',
      givenNameLatin: 'Sreypov',
      sex: 'F',
      birthDate: '1990-03-03',
      khmerId: SHARED.keoKhmerId,
      phone: '+85516888999',
      hasDisability: true,
    },
    {
      surnameKm: 'កែវ',
      givenNameKm: 'សំណាង',
      surnameLatin: 'Keo',
      givenNameLatin: 'Samnang',
      sex: 'M',
      birthDate: '1960-01-01',
      status: 'deceased',
      relationship: 'spouse',
    },
  ]);
  people.push(
    {
      id: sreypov!.id,
      householdId: look.id,
      village: VILLAGES.b,
      sex: 'F',
      status: 'active',
      hasDisability: true,
      khmerId: SHARED.keoKhmerId,
      registry: 'rejected',
    },
    {
      id: samnang!.id,
      householdId: look.id,
      village: VILLAGES.b,
      sex: 'M',
      status: 'deceased',
      hasDisability: false,
      khmerId: null,
      registry: 'awaiting_review',
    },
  );

  // 3. This operator's own household: different codes, Khmer IDs and counts.
  const onlyCode = `${tag}ONLY-000001`;
  const only = await makeHousehold(operatorId, { code: onlyCode, village: VILLAGES.a });
  const onlyIds = Array.from({ length: extra }, (_, i) => `9${tag === 'A' ? 1 : 2}000000${i}`);
  const onlyRows = await makeMembers(
    operatorId,
    only.id,
    onlyIds.map((khmerId, i) => ({
      surnameKm: 'លី',
      givenNameKm: `ណា${'ក'.repeat(i + 1)}`,
      surnameLatin: 'Ly',
      givenNameLatin: `Na${'k'.repeat(i + 1)}`,
      sex: 'F' as const,
      birthDate: '2000-01-01',
      khmerId,
      relationship: i === 0 ? ('head' as const) : ('child' as const),
    })),
  );
  for (const [i, m] of onlyRows.entries()) {
    people.push({
      id: m.id,
      householdId: only.id,
      village: VILLAGES.a,
      sex: 'F',
      status: 'active',
      hasDisability: false,
      khmerId: onlyIds[i]!,
      registry: null,
    });
  }

  // 4. Registry: a state per member (the enrolment queued its three), an answered outbox row, an open review, a Khmer ID check.
  await db()
    .insert(memberRegistry)
    .values(
      people
        .filter((p) => p.registry)
        .map((p) => ({
          memberId: p.id,
          operatorId,
          state: p.registry!,
          spid: p.registry === 'has_spid' ? `SPID-${tag}-${p.id.slice(0, 8)}` : null,
          lastError: p.registry === 'needs_attention' ? `timeout ${tag}` : null,
          lastReasonCode: p.registry === 'rejected' ? 'rjct.reference_id.invalid' : null,
        })),
    )
    .onConflictDoUpdate({
      target: memberRegistry.memberId,
      set: {
        state: sql`excluded.state`,
        spid: sql`excluded.spid`,
        lastError: sql`excluded.last_error`,
        lastReasonCode: sql`excluded.last_reason_code`,
      },
    });
  await db()
    .update(registryOutbox)
    .set({ status: 'done', sentAt: sql`now()` })
    .where(eq(registryOutbox.memberId, e.head.id));
  const [review] = await db()
    .insert(registryReviews)
    .values({
      memberId: samnang!.id,
      operatorId,
      referenceId: `${samnang!.id}.v1`,
      reasonCode: 'pdng.possible_duplicate',
      candidateSpid: `SPID-CANDIDATE-${tag}`,
    })
    .returning();
  await db()
    .insert(identityVerifications)
    .values({ memberId: e.head.id, operatorId, match: 'full', xRoadId: `XR-${tag}`, verifiedBy: officer.id });

  // 5. An import job, an audit row only this operator has, an export.
  const [job] = await db()
    .insert(importJobs)
    .values({
      id: randomUUID(),
      operatorId,
      actorId: officer.id,
      fileName: `${tag}-look-alike.csv`,
      fileSha256: 'a'.repeat(64),
      status: 'done',
      finishedAt: new Date(),
    })
    .returning();
  const probeAction = `probe.only_${tag.toLowerCase()}`;
  await writeAudit(db(), {
    operatorId,
    actorId: admin.id,
    action: probeAction,
    entityType: 'household',
    entityId: e.householdId,
  });
  const actor = await operatorActor(admin.id);
  const programme = await createProgramme(actor, {
    code: 'LOOK-CCT',
    nameKm: 'កម្មវិធីឧបត្ថម្ភសាច់ប្រាក់',
    nameEn: 'Look-alike cash transfer',
    description: '',
    benefitType: 'cash',
    currency: 'KHR',
    frequency: 'monthly',
    startDate: '2027-01-01',
    endDate: '',
    rules: { currency: 'KHR', eligibility: { idpoorLevels: [1, 2] }, household: [], members: [] },
  });
  await drain((await exportMembers(actor, 'csv', exportFilters())).body);
  await exportsSettled();

  const registered = await db()
    .select({ n: count() })
    .from(memberRegistry)
    .where(and(eq(memberRegistry.operatorId, operatorId)));
  if (registered[0]!.n !== people.filter((p) => p.registry).length)
    throw new Error(`look-alike seed: ${registered[0]!.n} registry rows`);

  return {
    tag,
    operatorId,
    actor,
    adminId: admin.id,
    officerId: officer.id,
    viewerId: viewer.id,
    userIds: [admin.id, officer.id, viewer.id],
    enrolled: { householdId: e.householdId, code: e.code, head: e.head.id, spouse: e.spouse.id, child: e.child.id },
    look: { householdId: look.id, sreypov: sreypov!.id, samnang: samnang!.id },
    only: { householdId: only.id, code: onlyCode, khmerIds: onlyIds },
    people,
    householdIds: [e.householdId, look.id, only.id],
    jobIds: [job!.id],
    programmeIds: [programme.id],
    reviewId: review!.id,
    probeAction,
  };
}
