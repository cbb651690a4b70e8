import { z } from 'zod';
import { ROLES } from '@/db/schema/accounts';

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
