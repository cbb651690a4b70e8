import 'server-only';
import { and, inArray, isNull, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { adminUnits } from '@/db/schema';
import type { FileKind } from './read';
import { ImportRefusal } from './refusal';
import { normaliseVillage } from './row';
import { tableRows, type TableHeader } from './table';

// First, cheap pass over the file: the header, the number of rows (refused above the limit before
// any row is validated), where each household's last row is (so that the next pass can check a
// household as soon as it is complete, wherever its rows are), and the village codes used.

export const MAX_ROWS = 200_000;

export interface Scan {
  header: TableHeader;
  totalRows: number;
  /** Household reference → row number of its last row, and its number of rows. */
  households: Map<string, { last: number; rows: number }>;
  villages: Set<string>;
}

export async function scanFile(
  file: string,
  kind: FileKind,
  onProgress: (rows: number) => Promise<void>,
): Promise<Scan> {
  let header: TableHeader | undefined;
  let refAt = -1;
  let villageAt = -1;
  const households = new Map<string, { last: number; rows: number }>();
  const villages = new Set<string>();
  let totalRows = 0;
  const rows = tableRows(file, kind, (h) => {
    header = h;
    refAt = h.keys.indexOf('household_ref');
    villageAt = h.keys.indexOf('village_code');
  });
  for await (const r of rows) {
    totalRows += 1;
    if (totalRows > MAX_ROWS) throw new ImportRefusal('tooManyRows', { limit: MAX_ROWS });
    const ref = (r.cells[refAt] ?? '').normalize('NFC').trim();
    if (ref) {
      const h = households.get(ref);
      if (h) Object.assign(h, { last: r.row, rows: h.rows + 1 });
      else households.set(ref, { last: r.row, rows: 1 });
    }
    const village = normaliseVillage(r.cells[villageAt] ?? '');
    if (/^\d{8}$/.test(village)) villages.add(village);
    if (totalRows % 20_000 === 0) await onProgress(totalRows);
  }
  if (!header) throw new ImportRefusal('noHeader');
  if (totalRows === 0) throw new ImportRefusal('noRows');
  return { header, totalRows, households, villages };
}

/** The codes among these that are villages of the gazetteer still in use. */
export async function knownVillages(tx: Db, codes: Set<string>): Promise<Set<string>> {
  const known = new Set<string>();
  const all = [...codes];
  for (let i = 0; i < all.length; i += 1000) {
    const rows = await tx
      .select({ code: adminUnits.code })
      .from(adminUnits)
      .where(
        and(
          inArray(adminUnits.code, all.slice(i, i + 1000)),
          eq(adminUnits.level, 'village'),
          isNull(adminUnits.retiredAt),
        ),
      );
    for (const r of rows) known.add(r.code);
  }
  return known;
}
