import { z } from 'zod';
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

function isCommon(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON_PASSWORDS.has(p)) return true;
  // One character repeated, or a common password padded with digits/symbols to reach the length.
  if (/^(.)\1+$/.test(p)) return true;
  const stripped = p.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  return stripped.length < p.length && COMMON_PASSWORDS.has(stripped);
}

/** Shared by every form that sets a password, on the client and on the server. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, { message: 'passwordTooShort' })
  .max(PASSWORD_MAX, { message: 'tooLong' })
  .refine((p) => !isCommon(p), { message: 'passwordCommon' });
