import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { cleanText, hasLoneSurrogate } from '@/lib/text/normalise';

// Messages are keys under `errors.` in messages/*.json, translated where they are shown.
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, { error: 'tooLong' })
  .pipe(z.email({ error: 'invalidEmail' }));
export const personNameSchema = z.string().trim().min(1, { error: 'required' }).max(200, { error: 'tooLong' });
export const rolesSchema = z.array(z.enum(ROLES, { error: 'invalidRole' })).min(1, { error: 'rolesRequired' });
export const uuidSchema = z.uuid({ error: 'invalid' });

/** Text a person typed: cleaned (NFC, invisible characters, spaces), required, at most `max` characters. */
export const requiredText = (max: number) =>
  z
    .string({ error: 'required' })
    .refine((s) => !hasLoneSurrogate(s), { error: 'invalidCharacters' })
    .transform(cleanText)
    .pipe(z.string().min(1, { error: 'required' }).max(max, { error: 'tooLong' }));

/** Text that may be empty: cleaned; empty → null. */
export const optionalText = (max: number) =>
  z
    .string({ error: 'invalid' })
    .refine((s) => !hasLoneSurrogate(s), { error: 'invalidCharacters' })
    .transform(cleanText)
    .pipe(z.string().max(max, { error: 'tooLong' }))
    .transform((s) => (s === '' ? null : s));

/** A real calendar date, YYYY-MM-DD (not 2027-02-30). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
