import 'server-only';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { db } from '@/db/client';
import { adminUnits, households, members, WG_DOMAINS } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { phnomPenhDay } from '@/lib/i18n/format';
import { templateHeader, type ColumnKey } from '@/lib/imports/columns';
import { systemLogger } from '@/lib/log';
import { spreadsheetSafe, UTF8_BOM } from '@/lib/spreadsheet-safe';
import { MESSAGES } from '@/messages';
import { exportCondition, type ExportFilters, type ExportFormat } from './filters';

// Members matching the search's filters, streamed as CSV or XLSX page by page, never the whole
// result in memory: keyset pages on (household, member id), which the operator's household index
// serves, so each page starts where the last ended (members of a household stay together), and no
// transaction is held open while a slow download drains (the embedded database runs one at a time). The columns are the import template's (household
// reference = household code), so an export can be read back by the importer, plus a few more.
// Audit: "export.start" before the first byte (who, which filters) and "export.finish" when the
// stream ends, with the row count and whether the reader took it all — so even an export cut off
// by a crash or a closed browser leaves a trace, and a finished one says how many people left.

const PAGE = 1000;
const extra = (k: keyof typeof MESSAGES.en.imports.exportColumns) =>
  `${MESSAGES.km.imports.exportColumns[k]} / ${MESSAGES.en.imports.exportColumns[k]}`;
const KEYS: ColumnKey[] = [
  'household_ref',
  'village_code',
  'address',
  'idpoor_number',
  'idpoor_level',
  'household_phone',
  'household_notes',
  'surname_km',
  'given_name_km',
  'surname_latin',
  'given_name_latin',
  'sex',
  'birth_date',
  'birth_year',
  'relationship',
  'khmer_id',
  'birth_certificate_no',
  'phone',
  'marital_status',
  ...WG_DOMAINS.map((d) => `wg_${d}` as const),
];
export const EXPORT_HEADER = [
  ...KEYS.map(templateHeader),
  extra('village_name'),
  extra('member_status'),
  extra('has_disability'),
];

const select = {
  id: members.id,
  code: households.code,
  villageCode: households.villageCode,
  villageKm: adminUnits.nameKm,
  villageLatin: adminUnits.nameLatin,
  address: households.addressLine,
  idpoorNumber: households.idpoorNumber,
  idpoorLevel: households.idpoorLevel,
  householdPhone: households.phone,
  notes: households.notes,
  surnameKm: members.surnameKm,
  givenNameKm: members.givenNameKm,
  surnameLatin: members.surnameLatin,
  givenNameLatin: members.givenNameLatin,
  sex: members.sex,
  birthDate: members.birthDate,
  birthYear: members.birthYear,
  relationship: members.relationship,
  khmerId: members.khmerId,
  birthCertificateNo: members.birthCertificateNo,
  phone: members.phone,
  maritalStatus: members.maritalStatus,
  disability: members.disability,
  status: members.status,
  hasDisability: members.hasDisability,
};
type Row = Awaited<ReturnType<typeof page>>[number];
type After = { householdId: string; id: string } | null;

function page(where: SQL, after: After) {
  return db()
    .select({ ...select, householdId: members.householdId })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .leftJoin(adminUnits, eq(adminUnits.code, households.villageCode))
    .where(
      and(
        where,
        after
          ? sql`(${members.householdId}, ${members.id}) > (${after.householdId}::uuid, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(members.householdId), asc(members.id))
    .limit(PAGE);
}

function cells(r: Row): string[] {
  const text = [
    r.code,
    r.villageCode,
    r.address,
    r.idpoorNumber,
    r.idpoorLevel,
    r.householdPhone,
    r.notes,
    r.surnameKm,
    r.givenNameKm,
    r.surnameLatin,
    r.givenNameLatin,
    r.sex,
    r.birthDate,
    r.birthYear,
    r.relationship,
    r.khmerId,
    r.birthCertificateNo,
    r.phone,
    r.maritalStatus,
    ...WG_DOMAINS.map((d) => r.disability?.[d] ?? 'none'),
    r.villageKm ? `${r.villageKm} (${r.villageLatin})` : '',
    r.status,
    r.hasDisability ? 'yes' : 'no',
  ];
  // As stored: the CSV writer neutralises formulas itself, the XLSX writer writes text cells.
  return text.map((v) => (v === null || v === undefined ? '' : String(v)));
}

interface Sink {
  write(rows: string[][]): void;
  end(): Promise<void>;
}

function csvSink(out: PassThrough): Sink {
  out.write(UTF8_BOM + stringify([EXPORT_HEADER]));
  return {
    write: (rows) => {
      out.write(stringify(rows.map((r) => r.map(spreadsheetSafe))));
    },
    end: async () => {
      out.end();
    },
  };
}

function xlsxSink(out: PassThrough): Sink {
  // Inline strings and no styles: each committed row leaves memory (shared strings would keep them all).
  // Every value is a string, so a text cell: one starting with "=" is shown as written and runs nothing,
  // and needs no leading apostrophe (which in XLSX is a real character: re-importing changed the value).
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Members');
  ws.addRow(EXPORT_HEADER).commit();
  return {
    write: (rows) => {
      for (const r of rows) ws.addRow(r).commit();
    },
    end: async () => {
      ws.commit();
      await wb.commit();
    },
  };
}

/** Waits while the reader is behind (or gone), so that a slow download never fills memory. */
async function readerCaughtUp(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

export async function exportMembers(
  actor: OperatorUser,
  format: ExportFormat,
  filters: ExportFilters,
): Promise<{ fileName: string; contentType: string; body: ReadableStream<Uint8Array> }> {
  const where = await exportCondition(actor, filters);
  const exportId = randomUUID();
  const base = { operatorId: actor.operatorId, actorId: actor.id, entityType: 'export', entityId: exportId };
  await writeAudit(db(), { ...base, action: 'export.start', after: { format, filters } });
  const out = new PassThrough();
  const sink = format === 'xlsx' ? xlsxSink(out) : csvSink(out);
  void (async () => {
    let rows = 0;
    let completed = false;
    try {
      for (let after: After = null; !out.destroyed;) {
        const list = await page(where, after);
        if (list.length === 0) break;
        sink.write(list.map(cells));
        rows += list.length;
        after = { householdId: list.at(-1)!.householdId, id: list.at(-1)!.id };
        await readerCaughtUp(out);
      }
      if (!out.destroyed) {
        await sink.end();
        // Complete only once the reader has taken the last byte (a closed browser tab rejects).
        await finished(out);
        completed = true;
      }
    } catch (err) {
      if (!out.destroyed) {
        systemLogger('export').error({ err, exportId }, 'export failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      }
    } finally {
      await writeAudit(db(), { ...base, action: 'export.finish', after: { format, filters, rows, completed } }).catch(
        (err: unknown) => systemLogger('export').error({ err, exportId }, 'export audit failed'),
      );
    }
  })();
  // The day in Phnom Penh: a file exported at 06:00 there is not named after yesterday's UTC date.
  const stamp = phnomPenhDay();
  return {
    fileName: `sdp-members-${stamp}.${format}`,
    contentType:
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
    body: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}
