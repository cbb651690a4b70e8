import { z } from 'zod';

// Opaque tokens handed to a client (paging cursors) come back as the client pleases: each is
// decoded strictly — base64url of UTF-8 JSON, checked by its own zod schema — so that a forged one
// is refused as invalid input rather than reaching the database.

/** No C0 control character (PostgreSQL refuses a NUL in text) and no lone surrogate. */
const STORABLE = /^[^\u0000-\u001F\u007F]*$/;

/** Text that may be sent to the database as a parameter: well-formed, no control character, at most `max`. */
export const storableText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => (s as string & { isWellFormed(): boolean }).isWellFormed() && STORABLE.test(s));

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The token's value if it is one `schema` accepts, else null (never throws). */
export function decodeToken<S extends z.ZodType>(text: unknown, schema: S, maxLength = 600): z.output<S> | null {
  if (typeof text !== 'string' || text.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    // fatal: bytes that are not UTF-8 are a forgery, not text to patch up with U+FFFD.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'base64url')));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
