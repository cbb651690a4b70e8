import { requireRole } from '@/lib/auth/guards';
import { resolveLocale } from '@/lib/i18n/locale';
import { importReport } from '@/lib/imports/report';
import { attachment, handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** The rows that were not imported (and why), as CSV in the reader's language. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(async () => {
    const user = await requireRole('enrolment');
    const { id } = await params;
    const report = await importReport(user, id, await resolveLocale());
    return new Response(report.body, { headers: attachment(report.fileName, 'text/csv; charset=utf-8') });
  });
}
