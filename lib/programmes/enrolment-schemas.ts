import { z } from 'zod';
import { PAYMENT_CHANNELS } from '@/lib/payments/values';
import { cleanText, hasLoneSurrogate } from '@/lib/text/normalise';
import { cambodianPhoneE164 } from '@/lib/text/phone';
import { isRealDate, uuidSchema } from '@/lib/validation';

// Benefit enrolment forms (issue 10): one schema each, shared by the client (zodResolver) and the
// server actions. The client sends the schema's OUTPUT to the action, which parses it again, so every
// output here is a valid input (empty text stays '', a phone stays its E.164 text). Messages are
// keys under `errors.` in messages/*.

const version = z.number({ error: 'invalid' }).int().positive();

/** Text a person typed, cleaned; '' when empty (the domain stores null). */
const text = (max: number) =>
  z
    .string({ error: 'invalid' })
    .refine((s) => !hasLoneSurrogate(s), { error: 'invalidCharacters' })
    .transform(cleanText)
    .pipe(z.string().max(max, { error: 'tooLong' }));

/** A Cambodian phone number, written as the officer likes, kept in E.164; '' when empty. */
const phone = z
  .string({ error: 'invalid' })
  .max(40, { error: 'invalidPhone' })
  .transform((s, ctx) => {
    const t = s.trim();
    if (!t) return '';
    const e164 = cambodianPhoneE164(t);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'invalidPhone' });
      return z.NEVER;
    }
    return e164;
  });

/** Today in Cambodia (UTC+7, no daylight saving), YYYY-MM-DD. */
export function enrolmentToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A real date, not after today (Cambodia time). */
const pastDate = z
  .string({ error: 'required' })
  .trim()
  .superRefine((s, ctx) => {
    if (!s) ctx.addIssue({ code: 'custom', message: 'required' });
    else if (!isRealDate(s)) ctx.addIssue({ code: 'custom', message: 'invalidDate' });
    else if (s > enrolmentToday()) ctx.addIssue({ code: 'custom', message: 'dateInFuture' });
  });

const reason = text(500).refine((s) => s.length > 0, { error: 'required' });

export const RECIPIENT_KINDS = ['member', 'proxy'] as const;

/**
 * How a beneficiary is paid. `channel` '' = not chosen yet (a bulk enrolment sets none). Each
 * channel needs its own detail: Wing a phone, a bank an account, a cash pick-up a payment point.
 * The recipient is a member of the household ('' = the default: the head for a household
 * enrolment, the member itself for a member's) or a named proxy.
 */
export const paymentDetailsShape = {
  channel: z.enum(['', ...PAYMENT_CHANNELS], { error: 'invalid' }),
  account: text(60),
  phone,
  paymentPoint: text(200),
  recipientKind: z.enum(RECIPIENT_KINDS, { error: 'invalid' }),
  recipientMemberId: z.union([z.literal(''), uuidSchema], { error: 'invalid' }),
  proxyName: text(200),
  proxyRelationship: text(100),
  proxyPhone: phone,
};

type Details = { [K in keyof typeof paymentDetailsShape]: z.output<(typeof paymentDetailsShape)[K]> };

function checkDetails(d: Details, ctx: z.RefinementCtx): void {
  const need = (field: keyof Details, message: string) => {
    if (!d[field]) ctx.addIssue({ code: 'custom', path: [field], message });
  };
  if (d.channel === 'wing') need('phone', 'enrolmentPhoneForWing');
  if (d.channel === 'bank') need('account', 'enrolmentAccountForBank');
  if (d.channel === 'cash_pickup') need('paymentPoint', 'enrolmentPointForCash');
  if (d.recipientKind === 'proxy') {
    need('proxyName', 'required');
    need('proxyRelationship', 'required');
  }
}

export const paymentDetailsSchema = z.object(paymentDetailsShape).superRefine(checkDetails);

export const emptyPaymentDetails = (): z.input<typeof paymentDetailsSchema> => ({
  channel: '',
  account: '',
  phone: '',
  paymentPoint: '',
  recipientKind: 'member',
  recipientMemberId: '',
  proxyName: '',
  proxyRelationship: '',
  proxyPhone: '',
});

/** Enrol one household (memberId '') or one member of it in a programme. */
export const enrolSchema = z.object({
  programmeId: uuidSchema,
  householdId: uuidSchema,
  memberId: z.union([z.literal(''), uuidSchema], { error: 'invalid' }),
});

/** The edit of an enrolment's payment details, at the version the form was loaded at. */
export const paymentDetailsEditSchema = z
  .object({ enrolmentId: uuidSchema, version, ...paymentDetailsShape })
  .superRefine(checkDetails);

export const suspendSchema = z.object({ enrolmentId: uuidSchema, version, reason, date: pastDate });
export const reactivateSchema = z.object({ enrolmentId: uuidSchema, version });
/** Exited or graduated: final. */
export const endEnrolmentSchema = z.object({
  enrolmentId: uuidSchema,
  version,
  outcome: z.enum(['exited', 'graduated'], { error: 'required' }),
  reason,
  date: pastDate,
});

export type EnrolData = z.output<typeof enrolSchema>;
export type PaymentDetailsInput = z.input<typeof paymentDetailsSchema>;
export type PaymentDetailsData = z.output<typeof paymentDetailsSchema>;
export type PaymentDetailsEditInput = z.input<typeof paymentDetailsEditSchema>;
export type PaymentDetailsEditData = z.output<typeof paymentDetailsEditSchema>;
export type SuspendInput = z.input<typeof suspendSchema>;
export type SuspendData = z.output<typeof suspendSchema>;
export type ReactivateData = z.output<typeof reactivateSchema>;
export type EndEnrolmentInput = z.input<typeof endEnrolmentSchema>;
export type EndEnrolmentData = z.output<typeof endEnrolmentSchema>;
