import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/locales';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { emailSchema, personNameSchema, rolesSchema, uuidSchema } from '@/lib/validation';

export const createUserSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  roles: rolesSchema,
  password: newPasswordSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z.object({ userId: uuidSchema, name: personNameSchema, roles: rolesSchema });
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const setUserActiveSchema = z.object({ userId: uuidSchema, active: z.boolean() });

export const resetPasswordSchema = z.object({ userId: uuidSchema, password: newPasswordSchema });
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, { error: 'required' }).max(1024, { error: 'tooLong' }),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], error: 'passwordMismatch' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], error: 'passwordUnchanged' });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const setLocaleSchema = z.object({ locale: z.enum(LOCALES, { error: 'invalid' }) });

export const setupSchema = z
  .object({
    token: z.string().min(1, { error: 'setupTokenInvalid' }).max(200, { error: 'setupTokenInvalid' }),
    email: emailSchema,
    name: personNameSchema,
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'passwordMismatch' });
export type SetupInput = z.input<typeof setupSchema>;
