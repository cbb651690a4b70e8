import type { NextRequest } from 'next/server';
import { requireRole } from '@/lib/auth/guards';
import { csvTemplate, xlsxTemplate } from '@/lib/imports/template';
import { attachment, handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function GET(request: NextRequest) {
  return handleRoute(async () => {
    await requireRole('enrolment');
    if (request.nextUrl.searchParams.get('format') === 'xlsx') {
      return new Response(new Uint8Array(await xlsxTemplate()), { headers: attachment('sdp-household-import.xlsx', XLSX) });
    }
    return new Response(csvTemplate(), { headers: attachment('sdp-household-import.csv', 'text/csv; charset=utf-8') });
  });
}
