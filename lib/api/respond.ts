import 'server-only';
import { NextResponse } from 'next/server';
import { DomainError, httpStatus, type ErrorCode, type FieldErrors } from '@/lib/errors';
import { requestLogger } from '@/lib/request';

// JSON API answers. Personal data: never cached by browsers or proxies.
const NO_STORE = { 'Cache-Control': 'no-store' };

const MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Sign in first.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'No such record.',
  CONFLICT: 'This conflicts with another record.',
  INVALID: 'Some parameters are not valid; see fields.',
  PASSWORD_CHANGE_REQUIRED: 'Change your password first.',
  TOO_LARGE: 'The upload is larger than this route accepts; nothing was kept.',
  INTERNAL: 'Something went wrong on the server.',
};

export function ok(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: NO_STORE });
}

/**
 * Every /api/v1 error has one shape: `{ error: { code, message, messageKey?, fields? } }` — the code,
 * an English sentence, the message key for the interface's own catalogue (messages/*: errors.<key>)
 * when it says more than the code, and per bad parameter its message keys. Bad parameters are 400
 * (the request itself is wrong).
 */
export function badRequest(fields: FieldErrors, messageKey?: string): NextResponse {
  const error = {
    code: 'INVALID',
    message: MESSAGES.INVALID,
    ...(messageKey && messageKey !== 'INVALID' ? { messageKey } : {}),
    fields,
  };
  return NextResponse.json({ error }, { status: 400, headers: NO_STORE });
}

/** A refused or failed request: domain errors by their code, anything else logged as a 500. */
export async function failed(e: unknown): Promise<NextResponse> {
  if (e instanceof DomainError) {
    if (e.code === 'INVALID') return badRequest(e.fieldErrors ?? {}, e.messageKey);
    const error = {
      code: e.code,
      message: MESSAGES[e.code],
      ...(e.messageKey !== e.code ? { messageKey: e.messageKey } : {}),
    };
    return NextResponse.json({ error }, { status: httpStatus(e.code), headers: NO_STORE });
  }
  (await requestLogger()).error({ err: e }, 'api request failed');
  return NextResponse.json(
    { error: { code: 'INTERNAL', message: MESSAGES.INTERNAL } },
    { status: 500, headers: NO_STORE },
  );
}
