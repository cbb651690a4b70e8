import { z } from 'zod';
import { MARITAL_STATUSES, RELATIONSHIPS, SEXES, WG_DOMAINS, WG_LEVELS } from '@/lib/households/values';
import { hasKhmer } from '@/lib/text/normalise';
import { cambodianPhoneE164 } from '@/lib/text/phone';
import { isRealDate, optionalText, requiredText } from '@/lib/validation';

// One schema for the enrolment form (zodResolver) and the server (and the bulk importer, row by row).
// Inputs are the strings a form holds; outputs are clean values ready to store. Messages are keys
// under `errors.` in messages/*.

export const MAX_MEMBERS = 50;
const MIN_YEAR = 1900;

const khmerName = requiredText(100).refine(hasKhmer, { error: 'khmerScriptRequired' });
const latinName = optionalText(100).refine((s) => s === null || /^[\p{Script=Latin}\s'.-]+$/u.test(s), {
  error: 'latinLettersOnly',
});

const optionalPhone = z.string({ error: 'invalid' }).transform((s, ctx) => {
  const t = s.trim();
  if (!t) return null;
  const e164 = cambodianPhoneE164(t);
  if (!e164) {
    ctx.addIssue({ code: 'custom', message: 'invalidPhone' });
    return z.NEVER;
  }
  return e164;
});

/** A real calendar date, YYYY-MM-DD, not in the future (Cambodia time), not before 1900. */
export function isRealPastDate(value: string, today = todayInCambodia()): boolean {
  return isRealDate(value) && value <= today && value >= `${MIN_YEAR}-01-01`;
}

export function todayInCambodia(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

const optionalPastDate = z.string({ error: 'invalid' }).transform((s, ctx) => {
  const t = s.trim();
  if (!t) return null;
  if (!isRealPastDate(t)) {
    ctx.addIssue({
      code: 'custom',
      message: /^\d{4}-\d{2}-\d{2}$/.test(t) && t > todayInCambodia() ? 'dateInFuture' : 'invalidDate',
    });
    return z.NEVER;
  }
  return t;
});

const disabilitySchema = z.object(
  Object.fromEntries(WG_DOMAINS.map((d) => [d, z.enum(WG_LEVELS, { error: 'invalid' })])) as Record<
    (typeof WG_DOMAINS)[number],
    z.ZodEnum<{ [K in (typeof WG_LEVELS)[number]]: K }>
  >,
);

export const memberSchema = z
  .object({
    surnameKm: khmerName,
    givenNameKm: khmerName,
    surnameLatin: latinName,
    givenNameLatin: latinName,
    sex: z.enum(SEXES, { error: 'required' }),
    birthDate: optionalPastDate,
    birthEstimated: z.boolean(),
    birthYear: z.string({ error: 'invalid' }).trim(),
    relationship: z.enum(RELATIONSHIPS, { error: 'required' }),
    khmerId: z
      .string({ error: 'invalid' })
      .transform((s) => s.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^(\d{9})?$/, { error: 'invalidKhmerId' }))
      .transform((s) => s || null),
    birthCertificateNo: optionalText(40),
    phone: optionalPhone,
    disability: disabilitySchema,
    /** Recorded by the operator; benefit rules may ask for it. Absent (an import row, an older draft) = no. */
    chronicIllness: z.boolean({ error: 'invalid' }).default(false),
    maritalStatus: z.union([z.literal(''), z.enum(MARITAL_STATUSES)], { error: 'invalid' }).transform((s) => s || null),
  })
  .transform((m, ctx) => {
    // Either an exact date of birth, or an estimated year flagged as estimated.
    let birthYear: number;
    let birthDate: string | null = null;
    if (m.birthEstimated) {
      const year = Number(m.birthYear);
      const thisYear = Number(todayInCambodia().slice(0, 4));
      if (!/^\d{4}$/.test(m.birthYear) || year < MIN_YEAR || year > thisYear) {
        ctx.addIssue({ code: 'custom', path: ['birthYear'], message: 'invalidBirthYear' });
        return z.NEVER;
      }
      birthYear = year;
    } else {
      if (!m.birthDate) {
        ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'birthDateRequired' });
        return z.NEVER;
      }
      birthDate = m.birthDate;
      birthYear = Number(m.birthDate.slice(0, 4));
    }
    // Washington Group cut-off: "a lot of difficulty" or "cannot do at all" in any domain.
    const hasDisability = Object.values(m.disability).some((level) => level === 'aLot' || level === 'cannot');
    return { ...m, birthDate, birthYear, hasDisability };
  });

export const householdSchema = z.object({
  villageCode: z
    .string({ error: 'villageRequired' })
    .trim()
    .regex(/^\d{8}$/, { error: 'villageRequired' }),
  addressLine: optionalText(300),
  idpoorNumber: optionalText(20).refine((s) => s === null || /^\d{8}-\d{4}$/.test(s), { error: 'invalidIdpoorNumber' }),
  idpoorLevel: z.enum(['', '1', '2'], { error: 'invalid' }).transform((s) => (s === '' ? null : (Number(s) as 1 | 2))),
  phone: optionalPhone,
  notes: optionalText(2000),
});

export const enrolmentSchema = z
  .object({
    household: householdSchema,
    members: z
      .array(memberSchema, { error: 'invalid' })
      .min(1, { error: 'membersRequired' })
      .max(MAX_MEMBERS, { error: 'tooManyMembers' }),
    /** The officer has seen the possible duplicates and confirms this is someone else. */
    confirmSimilar: z.boolean().default(false),
    /** Operator administrators only: save despite the same Khmer ID, with a reason (audited). */
    khmerIdOverrideReason: optionalText(500).default(''),
  })
  .superRefine((v, ctx) => {
    const heads = v.members.filter((m) => m.relationship === 'head').length;
    if (heads !== 1)
      ctx.addIssue({ code: 'custom', path: ['members'], message: heads === 0 ? 'noHead' : 'severalHeads' });
    const ids = v.members.map((m) => m.khmerId).filter(Boolean);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['members'], message: 'khmerIdRepeated' });
    if (v.household.idpoorLevel !== null && !v.household.idpoorNumber) {
      ctx.addIssue({ code: 'custom', path: ['household', 'idpoorNumber'], message: 'idpoorNumberRequired' });
    }
  });

export type EnrolmentInput = z.input<typeof enrolmentSchema>;
export type EnrolmentData = z.output<typeof enrolmentSchema>;
export type MemberInput = z.input<typeof memberSchema>;
export type MemberData = z.output<typeof memberSchema>;
export type HouseholdData = z.output<typeof householdSchema>;

export const emptyDisability = (): MemberInput['disability'] =>
  Object.fromEntries(WG_DOMAINS.map((d) => [d, 'none'])) as MemberInput['disability'];

export const emptyMember = (relationship: MemberInput['relationship'] = 'head'): MemberInput => ({
  surnameKm: '',
  givenNameKm: '',
  surnameLatin: '',
  givenNameLatin: '',
  sex: '' as MemberInput['sex'],
  birthDate: '',
  birthEstimated: false,
  birthYear: '',
  relationship,
  khmerId: '',
  birthCertificateNo: '',
  phone: '',
  disability: emptyDisability(),
  chronicIllness: false,
  maritalStatus: '',
});
