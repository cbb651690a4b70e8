import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { badRequest, failed, ok } from '@/lib/api/respond';
import { requireRole } from '@/lib/auth/guards';
import type { FieldErrors } from '@/lib/errors';
import { resolveLocale } from '@/lib/i18n/locale';
import { firstValues, searchParamsSchema } from '@/lib/search/schema';
import { searchMembers } from '@/lib/search/search';

export const dynamic = 'force-dynamic';

/** GET /api/v1/search: the Households page's search, for the page's type-ahead and other clients. */
export async function GET(request: NextRequest) {
  try {
    // The caller first, so that a refused caller learns nothing about the parameters.
    const user = await requireRole('households');
    const parsed = searchParamsSchema.safeParse(firstValues(request.nextUrl.searchParams));
    if (!parsed.success) return badRequest(z.flattenError(parsed.error).fieldErrors as FieldErrors);
    return ok(await searchMembers(user, parsed.data, await resolveLocale()));
  } catch (e) {
    return failed(e);
  }
}
