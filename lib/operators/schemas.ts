import { z } from 'zod';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { emailSchema, personNameSchema, uuidSchema } from '@/lib/validation';

export const createOperatorSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, { error: 'operatorCode' }),
  nameKm: z.string().trim().min(1, { error: 'required' }).max(200, { error: 'tooLong' }),
  nameEn: z.string().trim().min(1, { error: 'required' }).max(200, { error: 'tooLong' }),
});
export type CreateOperatorInput = z.input<typeof createOperatorSchema>;

export const setOperatorActiveSchema = z.object({ operatorId: uuidSchema, active: z.boolean() });

export const createOperatorAdminSchema = z.object({
  operatorId: uuidSchema,
  email: emailSchema,
  name: personNameSchema,
  password: newPasswordSchema,
});
export type CreateOperatorAdminInput = z.input<typeof createOperatorAdminSchema>;

/**
 * X-Road-Represented-Party `[CLASS/]CODE`, empty to send none. The shape is checked here (client and
 * server); the server then applies X-Road's identifier rules as configured (lib/camdx/identifiers.ts).
 */
export const setRepresentedPartySchema = z.object({
  operatorId: uuidSchema,
  camdxRepresentedParty: z
    .string()
    .trim()
    .max(511, { error: 'tooLong' })
    .regex(/^$|^(?:[^/\s]+\/)?[^/\s]+$/, { error: 'representedParty' }),
});
export type SetRepresentedPartyInput = z.input<typeof setRepresentedPartySchema>;
