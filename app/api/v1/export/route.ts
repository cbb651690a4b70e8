import type { NextRequest } from 'next/server';
import { requireRole } from '@/lib/auth/guards';
import { exportMembers } from '@/lib/exports/export';
import { parseExportQuery } from '@/lib/exports/filters';
import { attachment, handleRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** The members the search finds with these filters, as CSV or XLSX, streamed; every export is audited. */
export async function GET(request: NextRequest) {
  return handleRoute(async () => {
    const user = await requireRole('export');
    const { format, filters } = parseExportQuery(request.nextUrl.searchParams);
    const file = await exportMembers(user, format, filters);
    return new Response(file.body, { headers: attachment(file.fileName, file.contentType) });
  });
}
