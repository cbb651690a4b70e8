import 'server-only';
import { and, asc, eq, gt } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { db } from '@/db/client';
import { importJobErrors, importJobs, type Locale } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { spreadsheetSafe, UTF8_BOM } from '@/lib/spreadsheet-safe';
import { COLUMN_KEYS, columnOfHeader } from './columns';
import { getImportJob } from './jobs';
import { importText } from './text';

// The downloadable report: one CSV line per problem — row number, column, message in the reader's
// language — followed by the row's original values. Streamed page by page from import_job_errors.

const PAGE = 1000;

/** The file's header names in template order (the report's stored values lose the file's order). */
function orderedNames(names: string[]): string[] {
  const rank = (n: string) => {
    const key = columnOfHeader(n);
    return key ? COLUMN_KEYS.indexOf(key) : COLUMN_KEYS.length;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export async function importReport(
  actor: OperatorUser,
  jobId: string,
  locale: Locale,
): Promise<{ fileName: string; body: ReadableStream<Uint8Array> }> {
  const job = await getImportJob(actor, jobId, locale);
  const text = importText(locale);
  const encoder = new TextEncoder();
  const page = (after: number) =>
    db()
      .select({ row: importJobErrors.rowNumber, errors: importJobErrors.errors, raw: importJobErrors.raw })
      .from(importJobErrors)
      .innerJoin(importJobs, eq(importJobs.id, importJobErrors.jobId))
      .where(and(eq(importJobErrors.jobId, job.id), ownedBy(importJobs, actor), gt(importJobErrors.rowNumber, after)))
      .orderBy(asc(importJobErrors.rowNumber))
      .limit(PAGE);
  let names: string[] | null = null;
  let after = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const rows = await page(after);
        if (names === null) {
          names = orderedNames(Object.keys(rows[0]?.raw ?? {}));
          const head = [
            text.say('imports.report.row'),
            text.say('imports.report.column'),
            text.say('imports.report.message'),
            ...names,
          ];
          controller.enqueue(encoder.encode(UTF8_BOM + stringify([head.map(spreadsheetSafe)])));
        }
        if (rows.length === 0) return controller.close();
        const lines: string[][] = [];
        for (const r of rows) {
          const values = names.map((n) => spreadsheetSafe(r.raw?.[n] ?? ''));
          for (const [column, messages] of Object.entries(r.errors)) {
            for (const m of messages)
              lines.push([String(r.row), text.column(column), spreadsheetSafe(text.rowMessage(m)), ...values]);
          }
        }
        controller.enqueue(encoder.encode(stringify(lines)));
        after = rows.at(-1)!.row;
      },
    },
    { highWaterMark: 0 },
  );
  const stem = job.fileName
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .slice(0, 80);
  return { fileName: `${text.say('imports.report.fileName')}-${stem}.csv`, body };
}
