import { apiRoute } from '@/lib/api-route';
import { apiRoutes, XLSX } from '@/lib/api/routes';
import { csvTemplate, xlsxTemplate } from '@/lib/imports/template';

export const dynamic = 'force-dynamic';

/** The import template, as CSV or (`?format=xlsx`) Excel. */
export const GET = apiRoute(apiRoutes.template, async (_user, { format }) =>
  format === 'xlsx'
    ? { fileName: 'sdp-household-import.xlsx', contentType: XLSX, body: new Uint8Array(await xlsxTemplate()) }
    : { fileName: 'sdp-household-import.csv', contentType: 'text/csv; charset=utf-8', body: csvTemplate() },
);
