import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { badRequest, failed, ok } from './api/respond';
import type { FieldErrors } from './errors';

/**
 * The one shape of a JSON route handler, like runAction for forms: the caller is checked first,
 * then the query string is validated (a bad parameter is a 400 naming it, never a 500), then the
 * domain answers. Errors in the one shape of lib/api/respond.ts.
 */
export async function jsonRoute<S extends z.ZodType, T>(
  request: NextRequest,
  guard: () => Promise<unknown>,
  schema: S,
  run: (query: z.output<S>) => Promise<T>,
): Promise<NextResponse> {
  try {
    await guard();
    const parsed = schema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!parsed.success) return badRequest(z.flattenError(parsed.error).fieldErrors as FieldErrors);
    return ok(await run(parsed.data));
  } catch (e) {
    return failed(e);
  }
}
