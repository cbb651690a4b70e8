import type { NextRequest } from 'next/server';
import { fieldErrorsOf } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { DomainError } from '@/lib/errors';
import { exportMembers } from '@/lib/exports/export';
import { exportQuerySchema } from '@/lib/exports/filters';
import { attachment, handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** The members matching the search filters, as CSV or XLSX, streamed; every export is audited. */
export async function GET(request: NextRequest) {
  return handleRoute(async () => {
    const user = await requireRole('export');
    const query = exportQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw new DomainError('INVALID', 'INVALID', fieldErrorsOf(query.error));
    const file = await exportMembers(user, query.data);
    return new Response(file.body, { headers: attachment(file.fileName, file.contentType) });
  });
}
