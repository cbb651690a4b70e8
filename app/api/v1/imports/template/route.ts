import { apiRoute } from '@/lib/api-route';
import { apiRoutes, XLSX } from '@/lib/api/routes';
import { csvTemplate, xlsxTemplate } from '@/lib/imports/template';
import { templateVillages } from '@/lib/imports/template-villages';

export const dynamic = 'force-dynamic';

/** The import template, as CSV (with an example row) or (`?format=xlsx`) Excel with the operator's villages. */
export const GET = apiRoute(apiRoutes.template, async (user, { format }) => {
  const villages = await templateVillages(user);
  return format === 'xlsx'
    ? { fileName: 'sdp-household-import.xlsx', contentType: XLSX, body: new Uint8Array(await xlsxTemplate(villages)) }
    : { fileName: 'sdp-household-import.csv', contentType: 'text/csv; charset=utf-8', body: csvTemplate(villages) };
});
