import path from 'node:path';
import { asc, eq, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { adminUnits, auditLog, gazetteerImports } from '@/db/schema';
import { importEdition } from '@/lib/gazetteer/import';
import { parseEdition } from '@/lib/gazetteer/parse';
import { readEditionFiles } from '@/lib/gazetteer/read';
import { gazetteerStatus, levelCounts } from '@/lib/gazetteer/status';
import type { GazetteerUnit, ParsedEdition } from '@/lib/gazetteer/types';
import { FIXTURE_DIR, readEdition, type Edition } from './gazetteer';

const driver = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

async function activeCounts() {
  return Object.fromEntries((await levelCounts()).map((c) => [c.level, c.active]));
}

/** The edition with one village renamed, one left out and one new village in the same commune. */
function modified(edition: ParsedEdition) {
  const villages = edition.units.filter((u) => u.level === 'village');
  const renamed = villages[3]!;
  const removed = villages[5]!;
  const last = villages.filter((v) => v.parentCode === renamed.parentCode).at(-1)!;
  const added: GazetteerUnit = {
    ...last,
    code: `${last.parentCode}${String(Number(last.code.slice(6)) + 1).padStart(2, '0')}`,
    nameKm: 'ភូមិថ្មី',
    nameLatin: 'Phum Thmei',
  };
  const units = edition.units
    .filter((u) => u.code !== removed.code)
    .map((u) => (u.code === renamed.code ? { ...u, nameLatin: `${u.nameLatin} Thmei` } : u))
    .concat(added)
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return { edition: { ...edition, units }, renamed, removed, added };
}

/**
 * The import tests on one edition, in one test file's database (they build on each other): the Kep
 * fixture in gazetteer-import.test.ts, the full gazetteer in gazetteer-import-full.test.ts.
 */
export function gazetteerImportSuite({ label, dir, counts, full }: Edition) {
  // The full edition is 16,465 units: reading its YAML alone takes seconds on a busy machine.
  describe(`gazetteer import (${label}, ${driver})`, { timeout: full ? 120_000 : undefined }, () => {
    it('imports a full edition quickly, with its import row and audit row', async () => {
      expect((await gazetteerStatus()).imported).toBe(false);
      const edition = await readEdition(dir);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const started = performance.now();
      const report = await importEdition(edition, { actorId: null, source: 'pumi' });
      const ms = performance.now() - started;
      expect(ms, `import took ${Math.round(ms)} ms on ${driver}`).toBeLessThan(10_000);
      expect(report).toMatchObject({ total, added: total, renamed: 0, retired: 0, restored: 0 });
      expect(report.details.added).toHaveLength(Math.min(total, 200));
      expect(report.details.added[0]).toEqual({
        code: edition.units[0]!.code,
        level: 'province',
        nameKm: edition.units[0]!.nameKm,
        nameLatin: edition.units[0]!.nameLatin,
      });
      expect(await activeCounts()).toEqual(counts);
      expect((await gazetteerStatus()).imported).toBe(true);

      const [row] = await db().select().from(gazetteerImports).where(eq(gazetteerImports.id, report.id));
      expect(row).toMatchObject({
        source: 'pumi',
        total,
        added: total,
        renamed: 0,
        retired: 0,
        restored: 0,
        actorId: null,
      });
      const [audit] = await db().select().from(auditLog).where(eq(auditLog.entityId, report.id));
      expect(audit).toMatchObject({
        operatorId: null,
        actorId: null,
        action: 'gazetteer.import',
        entityType: 'gazetteer_import',
      });
      expect(audit!.after).toMatchObject({ total, added: total, retired: 0 });

      // The search keys are filled from lib/text/normalise.ts.
      const [kep] = await db()
        .select()
        .from(adminUnits)
        .where(eq(adminUnits.code, full ? '0102' : '2301'));
      expect(kep!.nameKmKey).not.toBe('');
      expect(kep!.nameLatinKey).toBe(full ? 'mongkol borey' : 'damnak chang aeur');
    });

    it('reports nothing when the same edition is imported again', async () => {
      const before = await db()
        .select({ code: adminUnits.code, updatedAt: adminUnits.updatedAt })
        .from(adminUnits)
        .orderBy(asc(adminUnits.code));
      const report = await importEdition(await readEdition(dir), { actorId: null, source: 'pumi again' });
      expect(report).toMatchObject({ added: 0, renamed: 0, retired: 0, restored: 0 });
      expect(report.details).toMatchObject({ added: [], renamed: [], retired: [], restored: [] });
      // Nothing was rewritten.
      expect(
        await db()
          .select({ code: adminUnits.code, updatedAt: adminUnits.updatedAt })
          .from(adminUnits)
          .orderBy(asc(adminUnits.code)),
      ).toEqual(before);
    });

    it('reports exactly one rename, one retirement and one addition for an edition that changed them', async () => {
      const original = await readEdition(dir);
      const { edition, renamed, removed, added } = modified(original);
      const report = await importEdition(edition, { actorId: null, source: 'modified' });
      expect(report).toMatchObject({ added: 1, renamed: 1, retired: 1, restored: 0 });
      expect(report.details.added).toEqual([
        { code: added.code, level: 'village', nameKm: 'ភូមិថ្មី', nameLatin: 'Phum Thmei' },
      ]);
      expect(report.details.renamed).toEqual([
        {
          code: renamed.code,
          level: 'village',
          nameKm: renamed.nameKm,
          nameLatin: `${renamed.nameLatin} Thmei`,
          previousNameKm: renamed.nameKm,
          previousNameLatin: renamed.nameLatin,
        },
      ]);
      expect(report.details.retired).toEqual([
        { code: removed.code, level: 'village', nameKm: removed.nameKm, nameLatin: removed.nameLatin },
      ]);

      // Retired, never deleted: the old village keeps its names.
      const [gone] = await db().select().from(adminUnits).where(eq(adminUnits.code, removed.code));
      expect(gone).toMatchObject({ nameKm: removed.nameKm, nameLatin: removed.nameLatin });
      expect(gone!.retiredAt).toBeInstanceOf(Date);
      expect(
        await db().select({ code: adminUnits.code }).from(adminUnits).where(isNotNull(adminUnits.retiredAt)),
      ).toEqual([{ code: removed.code }]);
      expect((await levelCounts()).find((c) => c.level === 'village')).toEqual({
        level: 'village',
        active: counts.village,
        retired: 1,
      });

      // The original edition again: the retired village comes back, the new one is retired.
      const back = await importEdition(original, { actorId: null, source: 'original' });
      expect(back).toMatchObject({ added: 0, renamed: 1, retired: 1, restored: 1 });
      expect(back.details.restored.map((u) => u.code)).toEqual([removed.code]);
      expect(back.details.retired.map((u) => u.code)).toEqual([added.code]);
      const [restored] = await db().select().from(adminUnits).where(eq(adminUnits.code, removed.code));
      expect(restored!.retiredAt).toBeNull();
    });

    it('retires only within the provinces an edition covers (NCDD publishes one file per province)', async () => {
      // Province 01 is in the full gazetteer; with the Kep fixture, the extract is a province of its own.
      const extract = parseEdition(await readEditionFiles(path.join(FIXTURE_DIR, 'ncdd-banteay-meanchey-extract.csv')));
      const [{ inProvince }] = (await db()
        .select({ inProvince: sql<number>`count(*)::int` })
        .from(adminUnits)
        .where(sql`left(${adminUnits.code}, 2) = '01' and ${adminUnits.retiredAt} is null`)) as [
        { inProvince: number },
      ];
      const report = await importEdition(extract, { actorId: null, source: 'ncdd' });
      expect(report.details.provinces).toEqual(['01']);
      expect(report.retired).toBe(full ? inProvince - extract.units.length : 0);
      expect(report.added).toBe(full ? 0 : extract.units.length);
      expect(report.details.retired.every((u) => u.code.startsWith('01'))).toBe(true);
      const active = await activeCounts();
      if (full) expect(active.province).toBe(25);

      const whole = await importEdition(await readEdition(dir), { actorId: null, source: 'pumi' });
      expect(whole).toMatchObject({ added: 0, renamed: 0, restored: full ? inProvince - extract.units.length : 0 });
    });
  });
}
