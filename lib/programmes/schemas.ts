import { z } from 'zod';
import { isRealDate, optionalText, requiredText } from '@/lib/validation';
import { benefitRules } from './rules';
import { rulesFromDraft, type RulesDraft } from './rule-form';
import { BENEFIT_TYPES, CURRENCIES, FREQUENCIES, PROGRAMME_STATUSES } from './values';

// One schema for the programme form, create and edit alike (zodResolver on the client, the server
// again before every write). Messages are keys under `errors.` in messages/* (programmes.json, core.json).

const date = z.string({ error: 'invalidDate' }).trim().refine(isRealDate, { error: 'invalidDate' });
/** Empty → null (an open-ended programme). */
const optionalDate = z
  .string({ error: 'invalidDate' })
  .trim()
  .refine((s) => s === '' || isRealDate(s), { error: 'invalidDate' })
  .transform((s) => (s === '' ? null : s));

// null is accepted where the schema itself gives null (no description, no end date), so that its
// output parses again: the action parses the form, the domain function parses what it is given.
const orNull = <S extends z.ZodType>(schema: S) => z.union([z.null(), schema]);

export const programmeSchema = z
  .object({
    /** Upper-case letters, digits and dashes: the programme's short code, unique within the operator. */
    code: z
      .string({ error: 'required' })
      .trim()
      .toUpperCase()
      .pipe(
        z
          .string()
          .min(1, { error: 'required' })
          .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { error: 'programmeCode' }),
      ),
    nameKm: requiredText(200),
    nameEn: requiredText(200),
    description: orNull(optionalText(2000)),
    benefitType: z.enum(BENEFIT_TYPES, { error: 'invalid' }),
    currency: z.enum(CURRENCIES, { error: 'unknownCurrency' }),
    frequency: z.enum(FREQUENCIES, { error: 'invalid' }),
    startDate: date,
    endDate: orNull(optionalDate),
    rules: benefitRules,
  })
  .superRefine((p, ctx) => {
    if (p.endDate !== null && p.endDate < p.startDate) {
      ctx.addIssue({ code: 'custom', message: 'endBeforeStart', path: ['endDate'] });
    }
    if (p.rules.currency !== p.currency) {
      ctx.addIssue({ code: 'custom', message: 'rulesCurrencyMismatch', path: ['rules', 'currency'] });
    }
  });

export type ProgrammeInput = z.input<typeof programmeSchema>;
export type ProgrammeData = z.output<typeof programmeSchema>;

/** The edit form carries the record's id and the version it was loaded at. */
export const programmeRefSchema = z.object({
  id: z.uuid({ error: 'invalid' }),
  version: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'invalid' }),
});

export const programmeStatusSchema = programmeRefSchema.extend({
  status: z.enum(PROGRAMME_STATUSES, { error: 'invalid' }),
});

/** What the programme form holds: the fields as typed, the rules as the editor's draft (lib/programmes/rule-form.ts). */
export interface ProgrammeFormValues {
  code: string;
  nameKm: string;
  nameEn: string;
  description: string;
  benefitType: string;
  currency: string;
  frequency: string;
  startDate: string;
  endDate: string;
  rules: RulesDraft;
}

type Issue = { path: PropertyKey[]; message: string };

/** Amount errors first (they say more than the NaN they became), then the schema's, one per path. */
function report(ctx: z.RefinementCtx, ...lists: Issue[][]) {
  const seen = new Set<string>();
  for (const issue of lists.flat()) {
    const key = issue.path.map(String).join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
  }
}

const formFields = z.looseObject({ currency: z.string({ error: 'unknownCurrency' }), rules: z.unknown() });

/**
 * The programme form, create and edit alike: the draft's amounts become minor units of the
 * programme's currency, then `programmeSchema` decides. The output is ProgrammeData.
 */
export const programmeFormSchema = formFields.transform((form, ctx): ProgrammeData => {
  const { rules, issues } = rulesFromDraft(form.rules, form.currency);
  const parsed = programmeSchema.safeParse({ ...form, rules });
  report(ctx, issues, parsed.success ? [] : parsed.error.issues);
  return parsed.success && issues.length === 0 ? parsed.data : (z.NEVER as never);
});

export const editProgrammeFormSchema = z.intersection(programmeRefSchema, programmeFormSchema);

/** The editor's rules alone (the live count): the same conversion, then `benefitRules`. */
export const rulesFormSchema = z
  .object({ currency: z.string({ error: 'unknownCurrency' }), rules: z.unknown() })
  .transform((form, ctx) => {
    const { rules, issues } = rulesFromDraft(form.rules, form.currency);
    const parsed = benefitRules.safeParse(rules);
    const prefixed = parsed.success ? [] : parsed.error.issues.map((i) => ({ ...i, path: ['rules', ...i.path] }));
    report(ctx, issues, prefixed);
    return parsed.success && issues.length === 0 ? parsed.data : z.NEVER;
  });
