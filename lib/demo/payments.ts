import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentLines } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { paymentListFile } from '@/lib/payments/files';
import { generatePaymentList } from '@/lib/payments/generate';
import { getPaymentList } from '@/lib/payments/lists';
import { importResults } from '@/lib/payments/reconcile';
import { approveList, closeList, submitList } from '@/lib/payments/transitions';
import type { ListStatus } from '@/lib/payments/values';
import { bulkEnrolSchema } from '@/lib/programmes/enrolment-bulk-schema';
import { confirmBulkEnrolment } from '@/lib/programmes/enrolment-bulk';
import { createProgramme, setProgrammeStatus, todayInCambodia } from '@/lib/programmes/service';
import type { DemoTeam } from './accounts';

// Two programmes with their beneficiaries, and payment lists taken through the real workflow — a
// maker generates and submits, a checker approves, the provider file is downloaded, the provider's
// results are imported, the list is closed — stopping at each state, so that one list shows each.

/** The first day of the month `back` months before this one, and that month as a period. */
function month(back: number): { start: string; period: string } {
  const [y, m] = todayInCambodia().split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  const period = d.toISOString().slice(0, 7);
  return { start: `${period}-01`, period };
}

const PROGRAMMES = [
  {
    code: 'POOR-HH',
    nameKm: 'ប្រាក់ឧបត្ថម្ភគ្រួសារក្រីក្រ',
    nameEn: 'Poor household allowance',
    description: 'ប្រាក់ឧបត្ថម្ភប្រចាំខែសម្រាប់គ្រួសារមានប័ណ្ណសមធម៌ — monthly cash for IDPoor households',
    benefitType: 'cash',
    currency: 'KHR',
    frequency: 'monthly',
    rules: {
      currency: 'KHR',
      eligibility: { idpoorLevels: [1, 2] },
      household: [
        { when: { idpoorLevels: [1] }, amount: 120_000 },
        { when: { idpoorLevels: [2] }, amount: 80_000 },
      ],
      members: [{ when: { maxAge: 5 }, amount: 20_000 }],
      cap: 200_000,
    },
  },
  {
    code: 'DISABILITY',
    nameKm: 'ប្រាក់ឧបត្ថម្ភជនមានពិការភាព',
    nameEn: 'Disability allowance',
    description: null,
    benefitType: 'cash',
    currency: 'USD',
    frequency: 'monthly',
    rules: {
      currency: 'USD',
      eligibility: { hasMember: { disability: 'aLot' } },
      household: [],
      members: [{ when: { disability: 'aLot' }, amount: 2_000 }],
    },
  },
] as const;

export async function seedProgrammes(team: DemoTeam): Promise<{ id: string; code: string }[]> {
  const admin = team.as.operator_admin;
  const out: { id: string; code: string }[] = [];
  for (const p of PROGRAMMES) {
    const created = await createProgramme(admin, { ...p, startDate: month(8).start, endDate: null });
    await setProgrammeStatus(admin, { id: created.id, version: created.version, status: 'active' });
    // Everyone the conditions let in, as an enrolment officer does it from the programme's page.
    await confirmBulkEnrolment(
      team.as.enrolment_officer,
      bulkEnrolSchema.parse({ programmeId: created.id, source: 'eligibility' }),
    );
    out.push({ id: created.id, code: p.code });
  }
  return out;
}

/** The results file a provider sends back: most lines paid, about one in twelve failed with a reason. */
async function resultsFile(actor: OperatorUser, listId: string, paidOn: string): Promise<Uint8Array> {
  const lines = await db()
    .select({ ref: paymentLines.lineRef, no: paymentLines.lineNo })
    .from(paymentLines)
    .where(and(ownedBy(paymentLines, actor), eq(paymentLines.listId, listId)))
    .orderBy(paymentLines.lineNo);
  const rows = lines.map((l, i) =>
    i % 12 === 5
      ? `${l.ref},failed,Account closed / គណនីបានបិទ,,,`
      : `${l.ref},paid,,TX-${listId.slice(0, 8)}-${l.no},${paidOn}`,
  );
  return new TextEncoder().encode(['lineRef,status,reason,transactionRef,paidOn', ...rows].join('\n') + '\n');
}

/** Takes a new list of the programme for `back` months ago as far as `to`. */
async function listUpTo(team: DemoTeam, programmeId: string, back: number, to: ListStatus): Promise<void> {
  const maker = team.as.payment_officer;
  const order: ListStatus[] = ['draft', 'submitted', 'approved', 'exported', 'reconciled', 'closed'];
  const reach = (s: ListStatus) => order.indexOf(to) >= order.indexOf(s);
  const { period, start } = month(back);
  const list = await generatePaymentList(maker, { programmeId, period });
  let version = 1;
  if (reach('submitted')) version = (await submitList(maker, { listId: list.id, version })).version;
  if (reach('approved')) await approveList(team.as.payment_approver, { listId: list.id, version });
  if (reach('exported')) {
    const file = await paymentListFile(maker, list.id);
    // Read to the end, as a browser would: the file is written while it is read.
    for await (const _chunk of file.body as unknown as AsyncIterable<Uint8Array>);
  }
  if (reach('reconciled')) {
    const bytes = await resultsFile(maker, list.id, start);
    const r = await importResults(maker, list.id, { name: `results-${period}.csv`, bytes });
    if (r.status !== 'applied') throw new Error(`demo results for ${period} not applied: ${JSON.stringify(r)}`);
  }
  if (reach('closed')) {
    // The file and the results moved it on (exported, reconciled): close the version it is at now.
    const now = await getPaymentList(maker, list.id);
    await closeList(maker, { listId: list.id, version: now.version });
  }
}

/** One list in each state for the first programme, three for the second. */
export async function seedPaymentLists(team: DemoTeam, programmes: { id: string }[]): Promise<void> {
  const [poor, disability] = programmes as [{ id: string }, { id: string }];
  const states: ListStatus[] = ['closed', 'reconciled', 'exported', 'approved', 'submitted', 'draft'];
  for (const [i, state] of states.entries()) await listUpTo(team, poor.id, states.length - 1 - i, state);
  await listUpTo(team, disability.id, 2, 'closed');
  await listUpTo(team, disability.id, 1, 'exported');
  await listUpTo(team, disability.id, 0, 'draft');
}
