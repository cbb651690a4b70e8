import { z } from 'zod';
import { isRealDate, optionalText, requiredText } from '@/lib/validation';
import { benefitRules } from './rules';
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
    description: optionalText(2000),
    benefitType: z.enum(BENEFIT_TYPES, { error: 'invalid' }),
    currency: z.enum(CURRENCIES, { error: 'unknownCurrency' }),
    frequency: z.enum(FREQUENCIES, { error: 'invalid' }),
    startDate: date,
    endDate: optionalDate,
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
