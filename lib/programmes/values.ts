// The coded values of programmes, in a plain module: the programme form (a client component, next
// session) reads them and db/schema/programmes.ts builds its checks from them, so each list is
// defined once and no client bundle pulls in the database schema.
export { CURRENCIES, type Currency } from './rules';

export const BENEFIT_TYPES = ['cash', 'voucher', 'in_kind'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];

/**
 * The DCI IBR BenefitTypeEnum code of each benefit type, for the registry exchange (later): only
 * its cash / voucher / in-kind kinds are offered here. NOT YET CHECKED against the published DCI
 * enum: confirm the exact codes before anything is sent.
 */
export const DCI_BENEFIT_TYPE: Record<BenefitType, string> = {
  cash: 'cash',
  voucher: 'voucher',
  in_kind: 'in-kind',
};

export const FREQUENCIES = ['monthly', 'quarterly', 'one_off'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const PROGRAMME_STATUSES = ['draft', 'active', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

/** The only moves of a programme's status: draft → active → closed. */
export const NEXT_STATUS: Record<ProgrammeStatus, ProgrammeStatus | null> = {
  draft: 'active',
  active: 'closed',
  closed: null,
};
