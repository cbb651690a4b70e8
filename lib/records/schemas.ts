import { z } from 'zod';
import { RELATIONSHIPS } from '@/lib/households/values';
import { householdSchema, isRealPastDate, memberSchema, todayInCambodia } from '@/lib/households/schemas';
import { cleanText, hasLoneSurrogate } from '@/lib/text/normalise';
import { uuidSchema } from '@/lib/validation';

// The record forms (edit, move, head, death, exit, delete): one schema each, shared by the client
// (zodResolver) and the server actions. The household and member fields are the enrolment's own
// schemas, nested under `household` / `member`, so corrections obey exactly the rules of enrolment.

/** The version the form was loaded at; the update only applies to that version (optimistic concurrency). */
const version = z.number({ error: 'invalid' }).int().positive();

export const editHouseholdSchema = z
  .object({ householdId: uuidSchema, version, household: householdSchema })
  .superRefine((v, ctx) => {
    // The enrolment's rule: a poverty level needs the card's number.
    if (v.household.idpoorLevel !== null && !v.household.idpoorNumber) {
      ctx.addIssue({ code: 'custom', path: ['household', 'idpoorNumber'], message: 'idpoorNumberRequired' });
    }
  });

export const editMemberSchema = z.object({ memberId: uuidSchema, version, member: memberSchema });

/** Every relationship but head: the head changes only through "change the head". */
export const NON_HEAD_RELATIONSHIPS = RELATIONSHIPS.filter((r) => r !== 'head') as [
  Exclude<(typeof RELATIONSHIPS)[number], 'head'>,
  ...Exclude<(typeof RELATIONSHIPS)[number], 'head'>[],
];
const nonHeadRelationship = z.enum(NON_HEAD_RELATIONSHIPS, { error: 'required' });

/** A reason a person writes (exit, deletion): cleaned, required, bounded. */
const reason = z
  .string({ error: 'required' })
  .refine((s) => !hasLoneSurrogate(s), { error: 'invalidCharacters' })
  .transform(cleanText)
  .pipe(z.string().min(1, { error: 'required' }).max(500, { error: 'tooLong' }));

/** A required calendar date, not in the future (Cambodia time). */
const pastDate = z
  .string({ error: 'required' })
  .trim()
  .superRefine((s, ctx) => {
    if (!s) ctx.addIssue({ code: 'custom', message: 'required' });
    else if (!isRealPastDate(s)) {
      ctx.addIssue({
        code: 'custom',
        message: /^\d{4}-\d{2}-\d{2}$/.test(s) && s > todayInCambodia() ? 'dateInFuture' : 'invalidDate',
      });
    }
  });

export const moveMemberSchema = z.object({
  memberId: uuidSchema,
  householdCode: z
    .string({ error: 'required' })
    .trim()
    .toUpperCase()
    .pipe(z.string().min(1, { error: 'required' }).max(40, { error: 'tooLong' })),
  relationship: nonHeadRelationship,
});

export const changeHeadSchema = z.object({
  householdId: uuidSchema,
  newHeadId: uuidSchema,
  formerHeadRelationship: nonHeadRelationship,
});

export const recordDeathSchema = z.object({ memberId: uuidSchema, deathDate: pastDate });
export const recordExitSchema = z.object({ memberId: uuidSchema, exitDate: pastDate, reason });

export const deleteHouseholdSchema = z.object({ householdId: uuidSchema, reason });
export const deleteMemberSchema = z.object({ memberId: uuidSchema, reason });

export type EditHouseholdInput = z.input<typeof editHouseholdSchema>;
export type EditHouseholdData = z.output<typeof editHouseholdSchema>;
export type EditMemberInput = z.input<typeof editMemberSchema>;
export type EditMemberData = z.output<typeof editMemberSchema>;
export type MoveMemberData = z.output<typeof moveMemberSchema>;
export type ChangeHeadData = z.output<typeof changeHeadSchema>;
export type RecordDeathData = z.output<typeof recordDeathSchema>;
export type RecordExitData = z.output<typeof recordExitSchema>;
