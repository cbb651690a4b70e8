// The coded values of households and members, in a plain module: the enrolment and edit forms
// (client components) read them, and db/schema/households.ts builds its columns and checks from
// them, so each list is defined once and no client bundle pulls in the database schema.

export const SEXES = ['F', 'M'] as const;
export const RELATIONSHIPS = [
  'head',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandchild',
  'other_relative',
  'non_relative',
] as const;
export const MARITAL_STATUSES = ['single', 'married', 'widowed', 'divorced', 'separated'] as const;
export const MEMBER_STATUSES = ['active', 'deceased', 'exited'] as const;
export const HOUSEHOLD_STATUSES = ['active', 'closed'] as const;
/** Washington Group short set: six functional domains, four levels of difficulty. */
export const WG_DOMAINS = ['seeing', 'hearing', 'walking', 'cognition', 'selfCare', 'communication'] as const;
export const WG_LEVELS = ['none', 'some', 'aLot', 'cannot'] as const;

export type Sex = (typeof SEXES)[number];
export type Relationship = (typeof RELATIONSHIPS)[number];
export type Disability = Partial<Record<(typeof WG_DOMAINS)[number], (typeof WG_LEVELS)[number]>>;
