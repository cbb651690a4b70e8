// The coded values of benefit enrolments and payment lists (issue 10), in a plain module: forms (client
// components) read them and db/schema/payments.ts builds its checks from them, so each is defined once.

/** A beneficiary's state in a programme. Exited and graduated are final. */
export const ENROLMENT_STATUSES = ['active', 'suspended', 'exited', 'graduated'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/**
 * The DCI IBR EnrollmentStatusEnum label of each state, for the registry exchange
 * (spdci-schemas extensions/ibr/v1/code/EnrollmentStatusEnum.jsonld). The enum is closed and holds
 * Active, Deceased, Graduated and Suspended only: it has no "Exited", so an exit goes out as the one
 * final state that is not a death, Graduated (the beneficiary has left the programme). A member's
 * enrolment ended by their death goes out as Deceased (lib/registry/records.ts).
 */
export const DCI_ENROLMENT_STATUS: Record<EnrolmentStatus, 'Active' | 'Deceased' | 'Graduated' | 'Suspended'> = {
  active: 'Active',
  suspended: 'Suspended',
  exited: 'Graduated',
  graduated: 'Graduated',
};

/** How a beneficiary is paid. */
export const PAYMENT_CHANNELS = ['wing', 'bank', 'cash_pickup'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Maker-checker: draft → submitted → approved → exported → reconciled → closed; submitted → draft when rejected. */
export const LIST_STATUSES = ['draft', 'submitted', 'approved', 'exported', 'reconciled', 'closed'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** A line's outcome. `failed` lines can be carried into a follow-up list (carried_to_line_id is then set). */
export const LINE_STATUSES = ['pending', 'paid', 'failed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** Provider file formats and how the amount column is written. */
export const FILE_FORMATS = ['csv', 'xlsx'] as const;
export const AMOUNT_FORMATS = ['minor', 'decimal'] as const;

/** Fields a provider file may carry, in the order a provider's layout lists them. */
export const PROVIDER_FIELDS = [
  'lineRef',
  'recipientName',
  'recipientNameLatin',
  'khmerId',
  'phone',
  'account',
  'channel',
  'amount',
  'currency',
  'householdCode',
  'province',
  'district',
  'commune',
  'village',
  'proxyName',
] as const;
export type ProviderField = (typeof PROVIDER_FIELDS)[number];
