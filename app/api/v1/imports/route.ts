import { NextResponse } from 'next/server';
import { requireRole } from '@/lib/auth/guards';
import { resolveLocale } from '@/lib/i18n/locale';
import { listImportJobs } from '@/lib/imports/jobs';
import { handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** The operator's recent import jobs with their progress: the upload page polls it. */
export async function GET() {
  return handleRoute(async () => {
    const user = await requireRole('enrolment');
    return NextResponse.json(await listImportJobs(user, await resolveLocale()), { headers: { 'Cache-Control': 'no-store' } });
  });
}
