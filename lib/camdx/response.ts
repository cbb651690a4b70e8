import 'server-only';
import { z } from 'zod';
import { CamdxError, classifyDciCode, classifyXRoadCode } from './errors';
import type { RawResponse } from './transport';

const xroadErrorBody = z.object({
  type: z.string().optional(),
  message: z.string().optional(),
  detail: z.string().optional(),
});

// Where a provider puts a DCI error code: HttpErrorResponse {errors:[…]}, a bare Error, or an ERR ack.
const dciCode = z.object({ code: z.string() });
const providerErrorBody = z.union([
  z.object({ errors: z.array(dciCode).min(1) }).transform((b) => b.errors[0]!.code),
  z.object({ message: z.object({ error: dciCode }) }).transform((b) => b.message.error.code),
  z.object({ error: dciCode }).transform((b) => b.error.code),
  dciCode.transform((b) => b.code),
]);

function json(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

// application/json or a +json type, with or without parameters.
const JSON_TYPE = /^\s*application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/**
 * Turns a raw response into data or a classified error. With X-Road-Error the security server failed
 * (its status is 500 for `Server.*`, even for an access denial, and 400 for `Client.*`); without it a
 * non-2xx status and body are the registry's own. The provider's error text is not kept: it may echo
 * personal data, and only the code is needed.
 */
export function interpretResponse<T>(res: RawResponse, xRoadId: string, schema: z.ZodType<T>): T {
  const details = {
    status: res.status,
    xRoadId: last(res.headers['x-road-id']) ?? xRoadId,
    xRoadRequestId: last(res.headers['x-road-request-id']),
  };
  const xroadError = last(res.headers['x-road-error']);
  if (xroadError) {
    const body = xroadErrorBody.safeParse(json(res.body));
    const message = body.success ? body.data.message : undefined;
    const c = classifyXRoadCode(xroadError);
    throw new CamdxError(
      'xroad',
      xroadError,
      c.retryable,
      `X-Road error ${xroadError}${message ? `: ${message}` : ''}`,
      { ...details, known: c.known },
    );
  }
  if (res.status < 200 || res.status >= 300) {
    const parsed = providerErrorBody.safeParse(json(res.body));
    if (parsed.success) {
      const c = classifyDciCode(parsed.data, res.status);
      throw new CamdxError('provider', parsed.data, c.retryable, `Registry answered ${res.status} ${parsed.data}`, {
        ...details,
        known: c.known,
      });
    }
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    throw new CamdxError('provider', `HTTP_${res.status}`, retryable, `Registry answered HTTP ${res.status}`, {
      ...details,
      known: false,
    });
  }
  // Both are a garbled exchange (a proxy's error page, a crossed connection), not a verdict on our
  // message: retried under the same X-Road-Id, which the registry recognises if it had the first one.
  const echoed = last(res.headers['x-road-id']);
  if (echoed !== undefined && echoed !== xRoadId) {
    throw new CamdxError(
      'protocol',
      'X_ROAD_ID_MISMATCH',
      true,
      `The response carries another message's X-Road-Id (${echoed.slice(0, 64)}, sent ${xRoadId})`,
      { ...details, xRoadId },
    );
  }
  const type = last(res.headers['content-type']) ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new CamdxError(
      'protocol',
      'NOT_JSON',
      true,
      `The response's Content-Type is ${type ? `"${type.slice(0, 80)}"` : 'missing'}, not JSON`,
      details,
    );
  }
  const parsed = schema.safeParse(json(res.body));
  if (!parsed.success) {
    // Paths only: a zod message could quote a value, and values may be personal data.
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => i.path.join('.') || '(root)')
      .join(', ');
    throw new CamdxError('protocol', 'INVALID_RESPONSE', false, `Unexpected response shape at ${where}`, details);
  }
  return parsed.data;
}
