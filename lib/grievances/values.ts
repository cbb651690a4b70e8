// The coded values of grievances (issue 11), in a plain module: forms (client components) read them and
// db/schema/grievances.ts builds its checks from them, so each list is defined once.

export const GRIEVANCE_CHANNELS = ['walk_in', 'phone', 'letter', 'commune_office', 'online'] as const;
export type GrievanceChannel = (typeof GRIEVANCE_CHANNELS)[number];

/** Who complains: a linked member, a named non-member, or anonymous (no personal data stored at all). */
export const COMPLAINANT_KINDS = ['member', 'non_member', 'anonymous'] as const;
export type ComplainantKind = (typeof COMPLAINANT_KINDS)[number];

export const GRIEVANCE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type GrievancePriority = (typeof GRIEVANCE_PRIORITIES)[number];

/** received → in_review → resolved | rejected → closed; resolved/rejected/closed may reopen within 30 days. */
export const GRIEVANCE_STATUSES = ['received', 'in_review', 'resolved', 'rejected', 'closed'] as const;
export type GrievanceStatus = (typeof GRIEVANCE_STATUSES)[number];

/** Where a grievance came in: staff intake, or the operator's public page. */
export const GRIEVANCE_SOURCES = ['staff', 'public'] as const;

/** What a history row records. */
export const GRIEVANCE_EVENT_KINDS = [
  'created',
  'assigned',
  'status',
  'comment',
  'attachment',
  'reopened',
  'escalated',
] as const;
export type GrievanceEventKind = (typeof GRIEVANCE_EVENT_KINDS)[number];

/** The categories every operator starts with (codes; names in messages). Sensitive ones are marked. */
export const SEED_CATEGORIES = [
  { code: 'enrolment', sensitive: false, slaDays: 10 },
  { code: 'payment_not_received', sensitive: false, slaDays: 5 },
  { code: 'wrong_amount', sensitive: false, slaDays: 5 },
  { code: 'data_correction', sensitive: false, slaDays: 10 },
  { code: 'staff_conduct', sensitive: true, slaDays: 15 },
  { code: 'fraud_abuse', sensitive: true, slaDays: 15 },
  { code: 'information', sensitive: false, slaDays: 5 },
  { code: 'other', sensitive: false, slaDays: 10 },
] as const;
