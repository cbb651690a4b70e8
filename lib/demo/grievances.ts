import 'server-only';
import type { OperatorUser } from '@/lib/auth/guards';
import { listCategories } from '@/lib/grievances/categories';
import { createGrievanceReceivedAt } from '@/lib/grievances/intake';
import { createGrievanceSchema } from '@/lib/grievances/schemas';
import type { GrievanceStatus } from '@/lib/grievances/values';
import { assignGrievance, commentGrievance, moveGrievance } from '@/lib/grievances/workflow';
import type { DemoTeam } from './accounts';

// Grievances in every state of the workflow, taken there by the grievance officer; open ones received
// on different days so that the service levels show on track, at risk and breached.

interface Story {
  category: string;
  channel: 'walk_in' | 'phone' | 'letter' | 'commune_office';
  who: 'member' | 'non_member' | 'anonymous';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  text: string;
  to: GrievanceStatus;
  /** Received this many days ago. */
  daysAgo: number;
  assign?: boolean;
}

const STORIES: Story[] = [
  {
    category: 'payment_not_received',
    channel: 'walk_in',
    who: 'member',
    priority: 'high',
    text: 'ខ្ញុំមិនទាន់បានទទួលប្រាក់ឧបត្ថម្ភខែនេះទេ។ I have not received this month’s allowance.',
    to: 'received',
    daysAgo: 0,
  },
  {
    category: 'wrong_amount',
    channel: 'phone',
    who: 'member',
    priority: 'normal',
    text: 'ចំនួនប្រាក់តិចជាងខែមុន។ The amount is lower than last month.',
    to: 'received',
    daysAgo: 1,
  },
  {
    category: 'information',
    channel: 'commune_office',
    who: 'non_member',
    priority: 'low',
    text: 'How can my mother apply for the disability allowance?',
    to: 'received',
    daysAgo: 2,
  },
  // 5 working days: received over a week ago and still not looked at — breached.
  {
    category: 'payment_not_received',
    channel: 'letter',
    who: 'member',
    priority: 'urgent',
    text: 'ភ្នាក់ងារ Wing មិនអាចបើកប្រាក់ឱ្យខ្ញុំបាន។ The Wing agent could not pay me out.',
    to: 'received',
    daysAgo: 12,
    assign: true,
  },
  {
    category: 'data_correction',
    channel: 'walk_in',
    who: 'member',
    priority: 'normal',
    text: 'ឈ្មោះកូនខ្ញុំសរសេរខុស។ My child’s name is misspelt.',
    to: 'in_review',
    daysAgo: 3,
    assign: true,
  },
  // 10 working days, 9 of them gone — at risk.
  {
    category: 'enrolment',
    channel: 'commune_office',
    who: 'non_member',
    priority: 'high',
    text: 'Our household has an IDPoor card but was not enrolled.',
    to: 'in_review',
    daysAgo: 13,
    assign: true,
  },
  {
    category: 'wrong_amount',
    channel: 'phone',
    who: 'member',
    priority: 'high',
    text: 'The allowance for my youngest child was not added.',
    to: 'in_review',
    daysAgo: 16,
    assign: true,
  },
  {
    category: 'staff_conduct',
    channel: 'phone',
    who: 'anonymous',
    priority: 'high',
    text: 'មន្ត្រីម្នាក់សុំលុយពីអ្នកភូមិ។ An official asked villagers for money.',
    to: 'in_review',
    daysAgo: 4,
    assign: true,
  },
  {
    category: 'payment_not_received',
    channel: 'walk_in',
    who: 'member',
    priority: 'normal',
    text: 'The payment failed: my account was closed.',
    to: 'resolved',
    daysAgo: 9,
    assign: true,
  },
  {
    category: 'information',
    channel: 'phone',
    who: 'non_member',
    priority: 'low',
    text: 'When is the next payment day in our commune?',
    to: 'resolved',
    daysAgo: 6,
  },
  {
    category: 'enrolment',
    channel: 'letter',
    who: 'non_member',
    priority: 'normal',
    text: 'Please enrol my neighbour’s family.',
    to: 'rejected',
    daysAgo: 11,
    assign: true,
  },
  {
    category: 'other',
    channel: 'walk_in',
    who: 'anonymous',
    priority: 'low',
    text: 'ផ្លូវទៅការិយាល័យឃុំខូច។ The road to the commune office is damaged.',
    to: 'rejected',
    daysAgo: 5,
  },
  {
    category: 'data_correction',
    channel: 'commune_office',
    who: 'member',
    priority: 'normal',
    text: 'My date of birth is wrong on the card.',
    to: 'closed',
    daysAgo: 20,
    assign: true,
  },
  {
    category: 'wrong_amount',
    channel: 'phone',
    who: 'member',
    priority: 'normal',
    text: 'I was paid twice in one month.',
    to: 'closed',
    daysAgo: 25,
    assign: true,
  },
];

const SENSITIVE = new Set(['staff_conduct', 'fraud_abuse']);

const RESOLUTION: Partial<Record<GrievanceStatus, string>> = {
  resolved: 'បានពិនិត្យ និងដោះស្រាយ។ Checked with the provider and corrected; the member was informed by phone.',
  rejected: 'មិនស្ថិតក្នុងវិសាលភាពកម្មវិធី។ Outside the programme’s remit; referred to the commune council.',
};

const PATH: Record<GrievanceStatus, Exclude<GrievanceStatus, 'received'>[]> = {
  received: [],
  in_review: ['in_review'],
  resolved: ['in_review', 'resolved'],
  rejected: ['in_review', 'rejected'],
  closed: ['in_review', 'resolved', 'closed'],
};

export async function seedGrievances(team: DemoTeam, memberIds: string[]): Promise<number> {
  const officer = team.as.grievance_officer;
  const categories = new Map((await listCategories(officer)).map((c) => [c.code, c.id]));
  const now = Date.now();
  // Oldest first, as they came in: references follow the order of receipt.
  const stories = [...STORIES].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const [i, s] of stories.entries()) {
    // Received in the morning of that day (Phnom Penh), not at the very moment the demo was made.
    const receivedAt = new Date(now - s.daysAgo * 86_400_000 - (s.daysAgo ? 3 * 3_600_000 : 0));
    const intake: OperatorUser = s.channel === 'walk_in' && i % 2 ? team.as.enrolment_officer : officer;
    const input = await createGrievanceSchema.parseAsync({
      channel: s.channel,
      complainantKind: s.who,
      memberId: s.who === 'member' ? memberIds[(i * 37) % memberIds.length] : '',
      complainantName: s.who === 'non_member' ? 'ទូច សុធា (Touch Sothea)' : '',
      contactPhone: s.who === 'anonymous' ? '' : '012 345 678',
      categoryId: categories.get(s.category),
      subcategoryId: '',
      priority: s.priority,
      description: s.text,
      paymentLineId: '',
    });
    const g = await createGrievanceReceivedAt(intake, input, receivedAt);
    let version = 1;
    // The administrator hands it out: a sensitive one is seen only by its assignee and the administrators.
    if (s.assign || SENSITIVE.has(s.category)) {
      version = (await assignGrievance(team.as.operator_admin, { grievanceId: g.id, version, assigneeId: officer.id }))
        .version;
    }
    for (const to of PATH[s.to]) {
      const resolution = to === 'resolved' || to === 'rejected' ? RESOLUTION[to]! : null;
      version = (await moveGrievance(officer, { grievanceId: g.id, version, to, resolution })).version;
      if (to === 'in_review' && i % 3 === 0)
        await commentGrievance(officer, {
          grievanceId: g.id,
          body: 'Called the complainant; waiting for the provider.',
        });
    }
  }
  return STORIES.length;
}
