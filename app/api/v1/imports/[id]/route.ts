import { NextResponse } from 'next/server';
import { requireRole } from '@/lib/auth/guards';
import { resolveLocale } from '@/lib/i18n/locale';
import { getImportJob } from '@/lib/imports/jobs';
import { handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(async () => {
    const user = await requireRole('enrolment');
    const { id } = await params;
    return NextResponse.json(await getImportJob(user, id, await resolveLocale()), { headers: { 'Cache-Control': 'no-store' } });
  });
}
