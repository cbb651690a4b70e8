// The coded values of programmes, in a plain module: the programme form (a client component, next
// session) reads them and db/schema/programmes.ts builds its checks from them, so each list is
// defined once and no client bundle pulls in the database schema.
export { CURRENCIES, type Currency } from './rules';

export const BENEFIT_TYPES = ['cash', 'voucher', 'in_kind'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];

/**
 * The DCI IBR BenefitTypeEnum code of each benefit type, for the registry exchange
 * (spdci-schemas extensions/ibr/v1/code/BenefitTypeEnum.jsonld: benefit:1 Cash, benefit:2 Voucher,
 * benefit:3 In-kind; 4–6, training, work and insurance, are not offered here). The enrolment status
 * goes out as the enum's label today (lib/registry/records.ts); whichever form the contract schema
 * takes for the benefit type, the code and the label are both fixed here.
 */
export const DCI_BENEFIT_TYPE: Record<BenefitType, { code: string; label: string }> = {
  cash: { code: '1', label: 'Cash' },
  voucher: { code: '2', label: 'Voucher' },
  in_kind: { code: '3', label: 'In-kind' },
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
