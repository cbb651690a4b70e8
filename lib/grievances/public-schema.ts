import { z } from 'zod';
import { publicGrievanceSchema } from './schemas';

// The public grievance form (no sign-in): intake's own public schema, plus the honeypot. A plain module:
// the form validates with it before sending, the route handler again.

/** The honeypot's name: a field people never see, which form-filling robots fill in. */
export const HONEYPOT_FIELD = 'website';

/** What the public form sends (strings: it also works as a plain HTML form without JavaScript). */
export const publicReportSchema = publicGrievanceSchema;
export type PublicReportInput = z.input<typeof publicReportSchema>;

export const emptyPublicReport: PublicReportInput = {
  complainantKind: 'anonymous',
  complainantName: '',
  contactPhone: '',
  categoryId: '',
  subcategoryId: '',
  description: '',
};

/** A reference as the public "received" page shows it: never free text taken from the address bar. */
export const REFERENCE_PATTERN = /^[A-Z0-9]{1,20}-G-[0-9]{6,12}$/;
