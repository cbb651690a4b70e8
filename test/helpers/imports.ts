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
  return String(200_000_000 + (((process.pid % 1000) * 100_000 + serial) % 99_999_999));
}

const CONSONANTS = [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ'];
const base = (n: number, digits: string[], width: number) =>
  Array.from({ length: width }, (_, k) => digits[Math.floor(n / digits.length ** k) % digits.length]).join('');

/**
 * Names that no other index comes close to (so that the duplicate checks, which compare people of
 * different files, find nothing unless a test wants them to): three Khmer letters from the index,
 * three more from a scrambled index, and a Latin spelling made the same way.
 */
export function khmerName(i: number): string {
  return `${base(i, CONSONANTS, 3)}ា${base((i * 7919 + 13) % 35_937, CONSONANTS, 3)}`;
}
export function latinName(i: number): string {
  return base((i * 104_729 + 7) % 456_976, [...'abcdefghijklmnopqrstuvwxyz'], 4).replace(/^./, (c) => c.toUpperCase());
}

/** A household of three valid rows: head, spouse (estimated year), child. */
export function household(ref: string, village = '01020101', n = serial++): Row[] {
  const name = (k: number) => khmerName(n * 3 + k);
  return [
    {
      household_ref: ref,
      village_code: village,
      address: 'ផ្ទះលេខ ១២',
      idpoor_number: '01020101-0042',
      idpoor_level: '1',
      household_phone: '012 345 678',
      surname_km: name(0),
      given_name_km: 'ដារ៉ា',
      surname_latin: latinName(n * 3),
      given_name_latin: 'Dara',
      sex: 'M',
      birth_date: '1980-05-17',
      relationship: 'head',
      khmer_id: nextKhmerId(),
      marital_status: 'married',
    },
    {
      household_ref: ref,
      surname_km: name(1),
      given_name_km: 'សុភា',
      sex: 'F',
      birth_year: '1984',
      relationship: 'spouse',
      wg_walking: 'aLot',
    },
    {
      household_ref: ref,
      surname_km: name(2),
      given_name_km: 'វិចិត្រ',
      sex: 'M',
      birth_date: '2015-03-02',
      relationship: 'child',
    },
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

export function csvOf(
  rows: Row[],
  opts: { delimiter?: string; bom?: boolean; header?: HeaderStyle; columns?: readonly ColumnKey[] } = {},
): string {
  const d = opts.delimiter ?? ',';
  const columns = opts.columns ?? COLUMN_KEYS;
  const lines = [columns.map((k) => quote(headerOf(k, opts.header ?? 'template'), d)).join(d)];
  for (const r of rows) lines.push(columns.map((k) => quote(r[k] ?? '', d)).join(d));
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Uploads through the route handler as the signed-in user; the job runs in the background. */
export async function upload(
  body: BodyInit | null,
  name = 'members.csv',
  confirmSimilar = false,
): Promise<{ status: number; job: ImportJobView }> {
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

/** The job's report as CSV rows (header first), through the route handler as the signed-in user. */
export async function reportOf(jobId: string): Promise<{ status: number; rows: string[][]; text: string }> {
  const { GET } = await import('@/app/api/v1/imports/[id]/report/route');
  const res = await GET(new NextRequest(`http://localhost/api/v1/imports/${jobId}/report`), {
    params: Promise.resolve({ id: jobId }),
  });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, rows: [], text };
  const { parse } = await import('csv-parse/sync');
  return {
    status: res.status,
    rows: parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][],
    text,
  };
}
