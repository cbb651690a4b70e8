import 'server-only';
import { z } from 'zod';
import { DomainError, type ErrorCode, type FieldErrors } from './errors';
import { requestLogger } from './request';

export type ActionResult<T = null> =
  { ok: true; data: T } | { ok: false; code: ErrorCode; messageKey: string; fieldErrors?: FieldErrors };

/**
 * The one shape of every server action: check the caller first (so a refused caller learns
 * nothing about input rules), then validate with the form's own zod schema, then call the domain.
 */
export async function runAction<U, S extends z.ZodType, T>(
  guard: () => Promise<U>,
  schema: S,
  input: unknown,
  run: (user: U, data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const user = await guard();
    // Asynchronous: a schema may check a value against data it loads when needed (a foreign phone number).
    const parsed = await schema.safeParseAsync(input);
    if (!parsed.success)
      return { ok: false, code: 'INVALID', messageKey: 'INVALID', fieldErrors: fieldErrorsOf(parsed.error) };
    return { ok: true, data: await run(user, parsed.data) };
  } catch (e) {
    if (e instanceof DomainError) {
      return { ok: false, code: e.code, messageKey: e.messageKey, fieldErrors: e.fieldErrors };
    }
    (await requestLogger()).error({ err: e }, 'action failed');
    return { ok: false, code: 'INTERNAL', messageKey: 'INTERNAL' };
  }
}

/** Every issue under its dotted path ("members.0.khmerId"), as react-hook-form names fields. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
