import 'server-only';
import { fieldErrorsOf } from '@/lib/action';
import { DomainError, type FieldErrors } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { resolveLocale } from '@/lib/i18n/locale';
import { requestLogger } from '@/lib/request';
import { assertSameOrigin } from '@/lib/route';
import { MESSAGES } from '@/messages';
import { decoyReference, publicIntakeOperator, submitPublicGrievance, type PublicOperator } from './public';
import { HONEYPOT_FIELD, publicReportSchema } from './public-schema';
import { clientAddress, hitRateLimit, type Limit } from './rate-limit';

// POST /api/public/grievances/{operatorCode}: the public form's one entry point, no sign-in. Every
// check that costs nothing comes before the body is read: the page must be on (else 404, as for an
// unknown code), the declared length must be small, the caller's address must be within its rate
// limit; then at most BODY_LIMIT bytes are read. It answers JSON to the page's script (fetch) and, for
// the plain HTML form without JavaScript, redirects to the "received" page or back to the form.

/** Enough for the longest description in Khmer, percent-encoded (4,000 characters × 9 bytes), and the rest. */
export const PUBLIC_BODY_LIMIT = 48 * 1024;
/** Per client address (or per operator when the address cannot be known), per operator. */
export const PUBLIC_INTAKE_LIMIT: Limit = { hits: 5, windowMs: 10 * 60 * 1000 };

const NO_STORE = { 'Cache-Control': 'no-store' };

type Tree = { [key: string]: string | Tree };
function say(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = MESSAGES[locale] as unknown as Tree;
  for (const part of `grievancePublic.${key}`.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { ...NO_STORE, ...headers } });

class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes of the body; one byte more and it stops reading. */
async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type Kind = 'json' | 'form';
const kindOf = (request: Request): Kind | null => {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return null;
};

/** The fields as strings; an anonymous report drops name and phone, as the page's script does. */
function fieldsOf(kind: Kind, text: string): Record<string, unknown> {
  let fields: Record<string, unknown>;
  if (kind === 'form') fields = Object.fromEntries(new URLSearchParams(text));
  else {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
    fields = parsed as Record<string, unknown>;
  }
  if (fields.complainantKind === 'anonymous') fields = { ...fields, complainantName: '', contactPhone: '' };
  return { subcategoryId: '', complainantName: '', contactPhone: '', ...fields };
}

const formUrl = (operator: PublicOperator, error: string) =>
  `/report/${encodeURIComponent(operator.operatorCode)}?error=${encodeURIComponent(error)}`;
const sentUrl = (operator: PublicOperator, reference: string) =>
  `/report/${encodeURIComponent(operator.operatorCode)}/sent?ref=${encodeURIComponent(reference)}`;
const redirect = (request: Request, to: string) =>
  new Response(null, { status: 303, headers: { ...NO_STORE, Location: new URL(to, request.url).toString() } });

function refusal(
  kind: Kind | null,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  if (kind === 'form') {
    // The plain form: a page a person can read, with the status a client can act on.
    const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return new Response(`<!doctype html><meta charset="utf-8"><title>${status}</title><p>${escaped}</p>`, {
      status,
      headers: { ...NO_STORE, ...headers, 'Content-Type': 'text/html; charset=utf-8' },
    });
  }
  return json({ error: { code, message } }, status, headers);
}

export async function publicGrievanceResponse(request: Request, operatorCode: string): Promise<Response> {
  const locale = await resolveLocale();
  const kind = kindOf(request);
  let operator: PublicOperator | null = null;
  try {
    // A page of another site may not post into ours (the form has no session to protect, but it is ours).
    assertSameOrigin(request);
    operator = await publicIntakeOperator(operatorCode);
    if (!operator) return json({ error: { code: 'NOT_FOUND', message: say(locale, 'errors.notFound') } }, 404);
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > PUBLIC_BODY_LIMIT) return refusal(kind, 413, 'TOO_LARGE', say(locale, 'errors.tooLarge'));
    if (!kind) return refusal(null, 415, 'UNSUPPORTED', say(locale, 'errors.unsupported'));

    const address = clientAddress(request.headers);
    const bucket = `public-grievance:${operator.operatorId}:${address ?? '*'}`;
    const hit = await hitRateLimit(bucket, PUBLIC_INTAKE_LIMIT);
    if (!hit.allowed) {
      const minutes = Math.max(1, Math.ceil(hit.retryAfter / 60));
      return refusal(kind, 429, 'RATE_LIMITED', say(locale, 'errors.tooMany', { minutes }), {
        'Retry-After': String(hit.retryAfter),
      });
    }

    const fields = fieldsOf(kind, await readCapped(request.body, PUBLIC_BODY_LIMIT));
    // A robot that filled the hidden field is answered as if it had succeeded; nothing is stored.
    const honeypot = fields[HONEYPOT_FIELD];
    if (typeof honeypot === 'string' && honeypot.trim() !== '') {
      const reference = decoyReference(operator);
      return kind === 'form' ? redirect(request, sentUrl(operator, reference)) : json({ reference }, 201);
    }
    const parsed = await publicReportSchema.safeParseAsync(fields);
    if (!parsed.success) return invalid(kind, request, operator, fieldErrorsOf(parsed.error));
    const reference = await submitPublicGrievance(operator, parsed.data);
    return kind === 'form' ? redirect(request, sentUrl(operator, reference)) : json({ reference }, 201);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'FORBIDDEN')
      return json({ error: { code: 'FORBIDDEN', message: say(locale, 'errors.forbidden') } }, 403);
    if (e instanceof BodyTooLarge) return refusal(kind, 413, 'TOO_LARGE', say(locale, 'errors.tooLarge'));
    if (e instanceof SyntaxError)
      return json({ error: { code: 'INVALID', message: say(locale, 'errors.invalid') } }, 400);
    // An unknown or inactive category, say: beside its field like any other invalid input.
    if (e instanceof DomainError && e.code === 'INVALID' && operator && kind)
      return invalid(kind, request, operator, e.fieldErrors ?? { _form: [e.messageKey] });
    (await requestLogger()).error({ err: e }, 'public grievance failed');
    return json({ error: { code: 'INTERNAL', message: say(locale, 'errors.failed') } }, 500);
  }
}

function invalid(kind: Kind, request: Request, operator: PublicOperator, fields: FieldErrors): Response {
  if (kind === 'form') return redirect(request, formUrl(operator, 'invalid'));
  return json({ error: { code: 'INVALID', fields } }, 400);
}
