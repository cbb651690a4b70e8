// The keyset cursor: the last row's sort key and id, in an opaque URL-safe string. It carries
// which sort produced it, because a key from one sort means nothing in another. It comes back from
// the client, so it is decoded strictly (lib/text/token.ts): any other shape is refused, and the key
// must be text the database accepts (a forged NUL in it was a 500).
import { z } from 'zod';
import { decodeToken, encodeToken, storableText } from '@/lib/text/token';

export const SORTS = ['km-icu', 'km', 'latin'] as const;
export type Sort = (typeof SORTS)[number];

const cursorSchema = z.strictObject({
  o: z.enum(SORTS),
  k: storableText(400),
  i: z.guid(),
});
export type Cursor = z.output<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return encodeToken(cursor);
}

/** The cursor, or null for anything that is not one this module made. */
export function decodeCursor(text: string): Cursor | null {
  return decodeToken(text, cursorSchema, 600);
}
