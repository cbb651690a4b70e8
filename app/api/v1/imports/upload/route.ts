import { NextResponse, type NextRequest } from 'next/server';
import { fieldErrorsOf } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { DomainError } from '@/lib/errors';
import { resolveLocale } from '@/lib/i18n/locale';
import { createImportJob, uploadQuerySchema } from '@/lib/imports/jobs';
import { assertSameOrigin, handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** The file is the raw request body (streamed to disk); its name and options are in the query. */
export async function POST(request: NextRequest) {
  return handleRoute(async () => {
    const user = await requireRole('enrolment');
    assertSameOrigin(request);
    const query = uploadQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) throw new DomainError('INVALID', 'INVALID', fieldErrorsOf(query.error));
    const job = await createImportJob(user, query.data, request.body, await resolveLocale());
    return NextResponse.json(job, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}
