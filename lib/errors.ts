export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID',
  'PASSWORD_CHANGE_REQUIRED',
  /** An upload over its route's limit (lib/http/limits.mjs): refused by count, the partial file removed. */
  'TOO_LARGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[] | undefined>;

/** An error whose code may reach the user; anything else is logged and shown as a generic failure. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A message key under `errors.` in messages/*.json */
    readonly messageKey: string = code,
    readonly fieldErrors?: FieldErrors,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${messageKey}`, options);
    this.name = 'DomainError';
  }
}

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 422,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOO_LARGE: 413,
  INTERNAL: 500,
};

export function httpStatus(code: ErrorCode): number {
  return STATUS[code];
}
