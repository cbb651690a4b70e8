import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { DomainError, httpStatus } from './errors';
import { requestLogger } from './request';

const noStore = { 'Cache-Control': 'private, no-store' };

/**
 * The one shape of a JSON route handler, like runAction for forms: the caller is checked first,
 * then the query string is validated (a bad parameter is a 400 naming it, never a 500), then the
 * domain answers. Domain errors keep their status; anything else is logged and answered 500.
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
    if (!parsed.success) {
      const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
      const names = Object.keys(fields);
      return NextResponse.json(
        { error: 'INVALID', message: `Invalid query parameter: ${names.join(', ') || 'query'}`, fields },
        { status: 400, headers: noStore },
      );
    }
    return NextResponse.json(await run(parsed.data), { headers: noStore });
  } catch (e) {
    if (e instanceof DomainError) {
      return NextResponse.json({ error: e.code, message: e.messageKey }, { status: httpStatus(e.code), headers: noStore });
    }
    (await requestLogger()).error({ err: e }, 'route failed');
    return NextResponse.json({ error: 'INTERNAL', message: 'Internal error' }, { status: 500, headers: noStore });
  }
}
