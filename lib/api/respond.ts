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
  INTERNAL: 'Something went wrong on the server.',
};

export function ok(body: unknown): NextResponse {
  return NextResponse.json(body, { headers: NO_STORE });
}

/**
 * `{ error: { code, message, fields } }`. Bad parameters are 400 (the request itself is wrong);
 * `fields` holds message keys (messages/*: errors.<key>) per parameter, for the client to show.
 */
export function badRequest(fields: FieldErrors): NextResponse {
  return NextResponse.json({ error: { code: 'INVALID', message: MESSAGES.INVALID, fields } }, { status: 400, headers: NO_STORE });
}

/** A refused or failed request: domain errors by their code, anything else logged as a 500. */
export async function failed(e: unknown): Promise<NextResponse> {
  if (e instanceof DomainError) {
    if (e.code === 'INVALID') return badRequest(e.fieldErrors ?? {});
    return NextResponse.json({ error: { code: e.code, message: MESSAGES[e.code] } }, { status: httpStatus(e.code), headers: NO_STORE });
  }
  (await requestLogger()).error({ err: e }, 'api request failed');
  return NextResponse.json({ error: { code: 'INTERNAL', message: MESSAGES.INTERNAL } }, { status: 500, headers: NO_STORE });
}
