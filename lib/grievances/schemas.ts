import { z } from 'zod';
import { cambodianPhoneE164, internationalPhoneE164 } from '@/lib/text/phone';
import { isRealDate, optionalText, requiredText, uuidSchema } from '@/lib/validation';
import { COMPLAINANT_KINDS, GRIEVANCE_CHANNELS, GRIEVANCE_PRIORITIES } from './values';

// One schema per grievance form, shared by the client (zodResolver) and the server actions. Messages are
// keys under `errors.` in messages/*/grievances.json (or the common ones), shown beside the field.

/** A description: Khmer or English (any script), cleaned, at most this many characters. */
export const DESCRIPTION_MAX = 4000;
export const RESOLUTION_MAX = 2000;
export const COMMENT_MAX = 2000;

/** '' (an empty select) → null; otherwise a UUID. */
const optionalId = z
  .union([z.literal(''), z.null(), uuidSchema], { error: 'invalid' })
  .transform((s) => (s ? s : null));

/**
 * A reply contact: a Cambodian number as people write it (012 345 678) or any E.164 number (+66…);
 * stored in E.164 (the table's check refuses anything else). Asynchronous: another country's number is
 * checked against every country's plan, which the browser loads only then (lib/text/phone.ts); so the
 * schemas holding it are parsed with `safeParseAsync` (zodResolver does by default).
 */
export const contactPhoneSchema = z.string({ error: 'invalid' }).transform(async (s, ctx) => {
  const t = s.trim();
  if (!t) return null;
  const kh = cambodianPhoneE164(t);
  if (kh) return kh;
  const intl = await internationalPhoneE164(t);
  if (intl) return intl;
  ctx.addIssue({ code: 'custom', message: 'invalidPhone' });
  return z.NEVER;
});

const grievanceFields = {
  complainantKind: z.enum(COMPLAINANT_KINDS, { error: 'required' }),
  memberId: optionalId,
  complainantName: optionalText(200),
  contactPhone: contactPhoneSchema,
  categoryId: z.string({ error: 'required' }).min(1, { error: 'required' }).pipe(uuidSchema),
  subcategoryId: optionalId,
  priority: z.enum(GRIEVANCE_PRIORITIES, { error: 'required' }),
  description: requiredText(DESCRIPTION_MAX),
};

interface Complainant {
  complainantKind: (typeof COMPLAINANT_KINDS)[number];
  memberId?: string | null;
  complainantName: string | null;
  contactPhone: string | null;
  paymentLineId?: string | null;
}

/** The complainant rules, beside the fields they concern. */
function complainantRules(v: Complainant, ctx: z.RefinementCtx) {
  if (v.complainantKind === 'member' && !v.memberId)
    ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'memberRequired' });
  if (v.complainantKind === 'non_member' && !v.complainantName)
    ctx.addIssue({ code: 'custom', path: ['complainantName'], message: 'required' });
  if (v.complainantKind !== 'member' && v.memberId)
    ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'memberOnlyForMember' });
  // Anonymous: nothing that identifies a person is accepted (the form clears these fields before sending).
  if (v.complainantKind === 'anonymous') {
    if (v.complainantName) ctx.addIssue({ code: 'custom', path: ['complainantName'], message: 'anonymousNoData' });
    if (v.contactPhone) ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: 'anonymousNoData' });
  }
  if (v.paymentLineId && v.complainantKind !== 'member')
    ctx.addIssue({ code: 'custom', path: ['paymentLineId'], message: 'paymentLineNeedsMember' });
}

/** Staff intake. */
export const createGrievanceSchema = z
  .object({
    ...grievanceFields,
    channel: z.enum(GRIEVANCE_CHANNELS, { error: 'required' }),
    paymentLineId: optionalId,
  })
  .superRefine(complainantRules);

/**
 * Public intake (no sign-in): no member link and no payment line (a stranger cannot search them), the
 * channel is always 'online'. The public page may extend this (honeypot, etc.) but not loosen it.
 */
export const publicGrievanceSchema = z
  .object({
    complainantKind: z.enum(['non_member', 'anonymous'], { error: 'required' }),
    complainantName: grievanceFields.complainantName,
    contactPhone: grievanceFields.contactPhone,
    categoryId: grievanceFields.categoryId,
    subcategoryId: grievanceFields.subcategoryId,
    description: grievanceFields.description,
  })
  .superRefine(complainantRules);

export type CreateGrievanceInput = z.input<typeof createGrievanceSchema>;
export type CreateGrievanceData = z.output<typeof createGrievanceSchema>;
export type PublicGrievanceInput = z.input<typeof publicGrievanceSchema>;
export type PublicGrievanceData = z.output<typeof publicGrievanceSchema>;

/** The form's starting values. */
export const emptyGrievance: CreateGrievanceInput = {
  channel: 'walk_in',
  complainantKind: 'member',
  memberId: '',
  complainantName: '',
  contactPhone: '',
  categoryId: '',
  subcategoryId: '',
  priority: 'normal',
  description: '',
  paymentLineId: '',
};

// Workflow forms.
const version = z.number({ error: 'invalid' }).int().positive();

export const assignGrievanceSchema = z.object({ grievanceId: uuidSchema, version, assigneeId: uuidSchema });

export const moveGrievanceSchema = z
  .object({
    grievanceId: uuidSchema,
    version,
    to: z.enum(['in_review', 'resolved', 'rejected', 'closed'], { error: 'required' }),
    resolution: optionalText(RESOLUTION_MAX),
  })
  .superRefine((v, ctx) => {
    if ((v.to === 'resolved' || v.to === 'rejected') && !v.resolution)
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'resolutionRequired' });
  });

export const reopenGrievanceSchema = z.object({
  grievanceId: uuidSchema,
  version,
  reason: requiredText(COMMENT_MAX),
});

export const commentGrievanceSchema = z.object({ grievanceId: uuidSchema, body: requiredText(COMMENT_MAX) });

export type AssignGrievanceData = z.output<typeof assignGrievanceSchema>;
export type MoveGrievanceData = z.output<typeof moveGrievanceSchema>;
export type ReopenGrievanceData = z.output<typeof reopenGrievanceSchema>;
export type CommentGrievanceData = z.output<typeof commentGrievanceSchema>;

// Settings forms.
export const categorySchema = z.object({
  categoryId: optionalId,
  parentId: optionalId,
  code: z
    .string({ error: 'required' })
    .trim()
    .toLowerCase()
    .pipe(
      z
        .string()
        .min(1, { error: 'required' })
        .max(40, { error: 'tooLong' })
        .regex(/^[a-z0-9_]+$/, { error: 'invalidCode' }),
    ),
  nameKm: requiredText(120),
  nameEn: requiredText(120),
  slaDays: z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'slaRange' }).max(365, {
    error: 'slaRange',
  }),
  sensitive: z.boolean(),
  active: z.boolean(),
});
export type CategoryInput = z.input<typeof categorySchema>;
export type CategoryData = z.output<typeof categorySchema>;

export const holidaySchema = z.object({
  day: z.string({ error: 'required' }).trim().refine(isRealDate, { error: 'invalidDate' }),
  nameKm: optionalText(120),
  nameEn: optionalText(120),
});
export const removeHolidaySchema = z.object({ day: holidaySchema.shape.day });
export type HolidayInput = z.input<typeof holidaySchema>;
export type HolidayData = z.output<typeof holidaySchema>;
