import { NextRequest } from 'next/server';
import { POST as uploadRoute } from '@/app/api/v1/imports/upload/route';
import { COLUMN_KEYS, COLUMN_LABELS, templateHeader, type ColumnKey } from '@/lib/imports/columns';
import type { ImportJobView } from '@/lib/imports/jobs';
import { importsSettled } from '@/lib/imports/run';
import { getImportJob } from '@/lib/imports/jobs';
import { db } from '@/db/client';
import { importJobs } from '@/db/schema';
import { eq } from 'drizzle-orm';

export type Row = Partial<Record<ColumnKey, string>>;

let serial = 0;
/** A distinct valid Khmer ID per call (starts with 2 to stay clear of test/helpers/households.ts). */
export function nextKhmerId(): string {
  serial += 1;
  return String(200_000_000 + ((process.pid % 1000) * 100_000 + serial) % 99_999_999);
}

/** Khmer letters for distinct names: two consonants per index. */
const CONSONANTS = 'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ';
export function khmerName(i: number): string {
  const c = [...CONSONANTS];
  return `${c[i % c.length]}${c[Math.floor(i / c.length) % c.length]}${c[Math.floor(i / c.length / c.length) % c.length]}ា`;
}

/** A household of three valid rows: head, spouse (estimated year), child. */
export function household(ref: string, village = '01020101', n = serial++): Row[] {
  return [
    { household_ref: ref, village_code: village, address: 'ផ្ទះលេខ ១២', idpoor_number: '01020101-0042', idpoor_level: '1', household_phone: '012 345 678',
      surname_km: khmerName(n * 3), given_name_km: 'ដារ៉ា', surname_latin: 'Sok', given_name_latin: 'Dara', sex: 'M', birth_date: '1980-05-17',
      relationship: 'head', khmer_id: nextKhmerId(), marital_status: 'married' },
    { household_ref: ref, surname_km: khmerName(n * 3 + 1), given_name_km: 'សុភា', sex: 'F', birth_year: '1984', relationship: 'spouse', wg_walking: 'aLot' },
    { household_ref: ref, surname_km: khmerName(n * 3 + 2), given_name_km: 'វិចិត្រ', sex: 'M', birth_date: '2015-03-02', relationship: 'child' },
  ];
}

export type HeaderStyle = 'template' | 'en' | 'km' | 'keys';
export function headerOf(key: ColumnKey, style: HeaderStyle): string {
  if (style === 'template') return templateHeader(key);
  if (style === 'keys') return key;
  return COLUMN_LABELS[style][key];
}

function quote(v: string, delimiter: string): string {
  return /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvOf(rows: Row[], opts: { delimiter?: string; bom?: boolean; header?: HeaderStyle; columns?: readonly ColumnKey[] } = {}): string {
  const d = opts.delimiter ?? ',';
  const columns = opts.columns ?? COLUMN_KEYS;
  const lines = [columns.map((k) => quote(headerOf(k, opts.header ?? 'template'), d)).join(d)];
  for (const r of rows) lines.push(columns.map((k) => quote(r[k] ?? '', d)).join(d));
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Uploads through the route handler as the signed-in user; the job runs in the background. */
export async function upload(body: BodyInit | null, name = 'members.csv', confirmSimilar = false): Promise<{ status: number; job: ImportJobView }> {
  const url = `http://localhost/api/v1/imports/upload?name=${encodeURIComponent(name)}&confirmSimilar=${confirmSimilar ? 1 : 0}`;
  const init = { method: 'POST', body, duplex: 'half' } as RequestInit & { duplex: 'half' };
  const res = await uploadRoute(new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]));
  return { status: res.status, job: (await res.json()) as ImportJobView };
}

/** Uploads and waits for the job to end. */
export async function importFile(body: BodyInit | null, name = 'members.csv', confirmSimilar = false) {
  const { job } = await upload(body, name, confirmSimilar);
  await importsSettled();
  const [row] = await db().select().from(importJobs).where(eq(importJobs.id, job.id));
  return row!;
}

export { getImportJob };
