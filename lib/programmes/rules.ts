import { z } from 'zod';
import { SEXES, WG_LEVELS } from '@/lib/households/values';

// A programme's benefit rules as data (issue 10), in a plain module: the rule editor (a client form)
// and the server share this one schema. lib/programmes/rules-sql.ts compiles parsed rules to SQL.
// Messages are keys under `errors.` in messages/* (messages/<lang>/programmes.json).
//
// Meaning:
// - `eligibility`: which households may be enrolled at all (a household condition).
// - `household`: the household's base amount: the FIRST rule whose condition holds; none → 0.
// - `members`: each qualifying member adds the amount of the FIRST rule it matches (a member counts once).
//   A member who matches a rule counts as qualifying even when that rule's amount is 0.
// - `countQualifying` (the editor's live count) counts eligible households, whatever their amount.
// - `cap`: the most a household receives in total (base + members); none → no cap.
// - A condition holds when ALL of its fields hold; `anyOf` holds when at least one of its conditions
//   does (so `{ setting: 'rural', anyOf: [{ maxAge: 5 }, { minAge: 60 }] }` is "rural AND (≤5 OR ≥60)").
//   A condition with no field is refused: every rule must say whom it is for.
// - Ages are whole years on the payment date, from the birth date; when the birth date is unknown or
//   estimated, from the birth year alone: payment year − birth year (as if born on 1 January).
// - Disability is the level recorded on the payment date (member_disability_history keeps the earlier
//   values; before the first record, the first value known).
// - Setting: 'urban' = the household's commune is a sangkat (សង្កាត់), 'rural' = a khum (ឃុំ).
// - Only active members of active households count, and only on the payment date: a member who died
//   before it or was not yet born does not count, nor does one whose status is deceased or exited.
//   Household size is the number of such members.

export const CURRENCIES = ['KHR', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];
/** Whole minor units (riel; US cents), at most 10^12 each: a household's sum stays a safe integer. */
export const MAX_AMOUNT = 1_000_000_000_000;
export const MAX_RULES = 20;
const MAX_CODES = 500;
const MAX_AGE = 150;

/** Disability levels a rule may ask for: 'none' is not a disability. */
export const DISABILITY_LEVELS = WG_LEVELS.filter((l) => l !== 'none') as ['some', 'aLot', 'cannot'];
export type DisabilityLevel = (typeof DISABILITY_LEVELS)[number];
/** The WG levels at or above `level` (WG_LEVELS is ordered none < some < aLot < cannot). */
export function levelsAtLeast(level: DisabilityLevel): string[] {
  return WG_LEVELS.slice(WG_LEVELS.indexOf(level));
}

export const IDPOOR_LEVELS = [1, 2, 'none'] as const;
export type IdpoorLevel = (typeof IDPOOR_LEVELS)[number];
export const SETTINGS = ['urban', 'rural'] as const;

export const amount = z
  .number({ error: 'amountInvalid' })
  .int({ error: 'amountNotWhole' })
  .min(0, { error: 'amountNegative' })
  .max(MAX_AMOUNT, { error: 'amountTooLarge' });

const strict = { error: (iss: { code?: string }) => (iss.code === 'unrecognized_keys' ? 'unknownField' : 'invalid') };

const codes = (digits: number) =>
  z
    .array(z.string().regex(new RegExp(`^[0-9]{${digits}}$`), { error: 'invalidAreaCode' }))
    .min(1, { error: 'listEmpty' })
    .max(MAX_CODES, { error: 'tooLong' })
    .optional();

const count = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'invalid' }).max(1000);
const age = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'invalid' }).max(MAX_AGE);

export interface HouseholdFields {
  idpoorLevels?: IdpoorLevel[];
  minHouseholdSize?: number;
  maxHouseholdSize?: number;
  provinces?: string[];
  districts?: string[];
  communes?: string[];
  setting?: (typeof SETTINGS)[number];
}
export interface MemberFields {
  minAge?: number;
  maxAge?: number;
  sex?: (typeof SEXES)[number];
  /** Any Washington Group domain at or above this level, as recorded on the payment date. */
  disability?: DisabilityLevel;
  /** The member is recorded as chronically ill. */
  chronicIllness?: true;
}
export interface HouseholdCondition extends HouseholdFields {
  /** At least one active member matches. */
  hasMember?: MemberCondition;
  anyOf?: HouseholdCondition[];
}
/** A member's condition may also ask about its household (IDPoor level, area, size). */
export interface MemberCondition extends HouseholdFields, MemberFields {
  anyOf?: MemberCondition[];
}

const householdShape = {
  idpoorLevels: z
    .array(z.union([z.literal(1), z.literal(2), z.literal('none')], { error: 'invalid' }))
    .min(1, { error: 'listEmpty' })
    .max(3)
    .optional(),
  minHouseholdSize: count.optional(),
  maxHouseholdSize: count.optional(),
  provinces: codes(2),
  districts: codes(4),
  communes: codes(6),
  setting: z.enum(SETTINGS, { error: 'invalid' }).optional(),
};
const memberShape = {
  minAge: age.optional(),
  maxAge: age.optional(),
  sex: z.enum(SEXES, { error: 'invalid' }).optional(),
  disability: z.enum(DISABILITY_LEVELS, { error: 'invalid' }).optional(),
  chronicIllness: z.literal(true, { error: 'invalid' }).optional(),
};

type Ctx = z.RefinementCtx;
function checkCondition(c: Record<string, unknown>, ctx: Ctx) {
  if (Object.values(c).every((v) => v === undefined)) ctx.addIssue({ code: 'custom', message: 'conditionEmpty' });
  const reversed = (lo: string, hi: string) => {
    const a = c[lo];
    const b = c[hi];
    if (typeof a === 'number' && typeof b === 'number' && a > b)
      ctx.addIssue({ code: 'custom', message: 'rangeReversed', path: [hi] });
  };
  reversed('minHouseholdSize', 'maxHouseholdSize');
  reversed('minAge', 'maxAge');
}

export const memberCondition: z.ZodType<MemberCondition> = z.lazy(() =>
  z
    .strictObject(
      {
        ...householdShape,
        ...memberShape,
        anyOf: z.array(memberCondition).min(1, { error: 'listEmpty' }).max(MAX_RULES).optional(),
      },
      strict,
    )
    .superRefine(checkCondition),
);

export const householdCondition: z.ZodType<HouseholdCondition> = z.lazy(() =>
  z
    .strictObject(
      {
        ...householdShape,
        hasMember: memberCondition.optional(),
        anyOf: z.array(householdCondition).min(1, { error: 'listEmpty' }).max(MAX_RULES).optional(),
      },
      strict,
    )
    .superRefine(checkCondition),
);

export const benefitRules = z.strictObject(
  {
    currency: z.enum(CURRENCIES, { error: 'unknownCurrency' }),
    eligibility: householdCondition,
    household: z
      .array(z.strictObject({ when: householdCondition, amount }, strict))
      .max(MAX_RULES, { error: 'tooLong' }),
    members: z.array(z.strictObject({ when: memberCondition, amount }, strict)).max(MAX_RULES, { error: 'tooLong' }),
    cap: amount.optional(),
  },
  strict,
);

export type BenefitRules = z.infer<typeof benefitRules>;
