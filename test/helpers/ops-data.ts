import { asc, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { auditLog } from '@/db/schema';
import { listAudit } from '@/lib/audit/query';
import { requireRole, requireUser, type OperatorUser } from '@/lib/auth/guards';
import { enrolHousehold } from '@/lib/households/enrol';
import { enrolmentSchema } from '@/lib/households/schemas';
import { createOperatorSchema, createOperatorAdminSchema } from '@/lib/operators/schemas';
import { createOperator, createOperatorAdmin } from '@/lib/operators/service';
import { generatePaymentList } from '@/lib/payments/generate';
import { searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';
import { changeOwnPassword } from '@/lib/users/account';
import { changePasswordSchema, createUserSchema } from '@/lib/users/schemas';
import { createStaff } from '@/lib/users/service';
import { makeUser, PASSWORD, signInAs } from './fixtures';
import { ensureUnits, householdOfThree, khmerId, member } from './households';
import { enrol, makeProgramme } from './payment-lists';

// Records for the backup and upgrade tests, made through the app's own functions (so the audit trail
// is what the app writes), and a picture of them as the app serves them, to compare after a restore.

export type Seeded = { actor: OperatorUser; khmerIds: string[]; operatorCode: string };

/** A platform administrator makes an operator; its staff enrol households and generate a payment list. */
export async function seedThroughTheApp(): Promise<Seeded> {
  await ensureUnits();
  const platformAdmin = await makeUser({ isPlatformAdmin: true });
  await signInAs(platformAdmin.id);
  const platform = await requireUser();
  const code = `BK${Math.floor(Math.random() * 1e6)}`;
  const op = await createOperator(platform, createOperatorSchema.parse({ code, nameKm: 'មូលនិធិ', nameEn: 'Fund' }));
  await createOperatorAdmin(
    platform,
    createOperatorAdminSchema.parse({
      operatorId: op.id,
      email: `${code}-admin@example.org`,
      name: 'Admin',
      password: PASSWORD,
    }),
  );
  // The first administrator must change their password at first sign-in: act as a second one instead.
  const admin = await makeUser({ operatorId: op.id, roles: ['operator_admin'] });
  await signInAs(admin.id);
  const adminActor = await requireRole('enrolment');
  const officer = await createStaff(
    adminActor,
    createUserSchema.parse({
      email: `${code}-officer@example.org`,
      name: 'Officer',
      roles: ['enrolment_officer', 'payment_officer'],
      password: PASSWORD,
    }),
  );
  // A new staff member chooses their own password at first sign-in (another audit row).
  await signInAs(officer.id);
  const newPassword = `${PASSWORD}-own`;
  await changeOwnPassword(
    await requireUser({ allowPasswordChange: true }),
    changePasswordSchema.parse({ currentPassword: PASSWORD, newPassword, confirmPassword: newPassword }),
  );
  await signInAs(officer.id);
  const actor = await requireRole('enrolment');
  const khmerIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const input = householdOfThree();
    const id = khmerId();
    input.members[0] = member({ khmerId: id, givenNameLatin: `Dara${'abc'[i]}`, givenNameKm: `ដារ៉ា${'កខគ'[i]}` });
    khmerIds.push(id);
    // Namesakes of the first household's spouse and child: the officer confirms they are other people.
    const res = await enrolHousehold(actor, enrolmentSchema.parse({ ...input, confirmSimilar: true }));
    if (res.status !== 'saved') throw new Error(`not enrolled: ${JSON.stringify(res)}`);
  }
  const programme = await makeProgramme(op.id);
  const [first] = await query<{ id: string }>(
    db(),
    sql`select id from households where operator_id = ${op.id} limit 1`,
  );
  await enrol(op.id, programme.id, first!.id);
  await generatePaymentList(
    { id: officer.id, operatorId: op.id, operatorCode: code },
    { programmeId: programme.id, period: '2026-06' },
  );
  return { actor, khmerIds, operatorCode: code };
}

/** What the app shows of the seeded records, and every table's row count. */
export async function picture({ actor, khmerIds }: Seeded) {
  const search = async (q: string) =>
    (await searchMembers(actor, searchParamsSchema.parse({ q }), 'km')).items.map((m) => m.memberId).sort();
  const tables = await query<{ name: string }>(
    db(),
    sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: number }>(db(), sql`select count(*)::int as n from ${sql.identifier(name)}`);
    counts[name] = row!.n;
  }
  const audit = await db().select().from(auditLog).orderBy(asc(auditLog.id));
  return {
    counts,
    byName: await search('សុខ ដារ៉ា'),
    byLatin: await search('Sok Darab'),
    byKhmerId: await Promise.all(khmerIds.map(search)),
    auditPage: (await listAudit(actor, {})).rows.map((a) => [a.id, a.action, a.entityId]),
    audit: JSON.stringify(audit),
  };
}
