// The keyset cursor: the last row's sort key and id, in an opaque URL-safe string. It carries
// which sort produced it, because a key from one sort means nothing in another.
import { z } from 'zod';

export const SORTS = ['km-icu', 'km', 'latin'] as const;
export type Sort = (typeof SORTS)[number];

const cursorSchema = z.object({
  o: z.enum(SORTS),
  k: z.string().max(400),
  i: z.guid(),
});
export type Cursor = z.output<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor, or null for anything that is not one this module made. */
export function decodeCursor(text: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,600}$/.test(text)) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
