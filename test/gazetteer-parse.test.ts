import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GazetteerUnit } from '@/lib/gazetteer/types';
import { detectFormat, parseEdition } from '@/lib/gazetteer/parse';
import { readEditionFiles } from '@/lib/gazetteer/read';
import { EDITIONS, FIXTURE_COUNTS, FIXTURE_DIR, FULL_DIR, readEdition, readFlatCsv } from './helpers/gazetteer';

const countLevels = (units: GazetteerUnit[]) => {
  const out = { province: 0, district: 0, commune: 0, village: 0 };
  for (const u of units) out[u.level] += 1;
  return out;
};
const byCode = (units: GazetteerUnit[]) => new Map(units.map((u) => [u.code, u]));
const ZERO_WIDTH = /[\u200B\u200C\u200D\uFEFF]/;

// The Kep fixture always; the full gazetteer as well when the shared folder has it.
describe.each(EDITIONS)('pumi YAML and flat CSV ($label)', ({ dir, counts }) => {
  it('reads all four YAML files from the folder, every level, names cleaned', async () => {
    const edition = await readEdition(dir);
    expect(edition.formats).toEqual(['pumi-yaml']);
    expect(edition.files).toEqual([
      'pumi-provinces.yml',
      'pumi-districts.yml',
      'pumi-communes.yml',
      'pumi-villages.yml',
    ]);
    expect(countLevels(edition.units)).toEqual(counts);
    expect(edition.skipped).toEqual([]);
    for (const u of edition.units) {
      expect(u.parentCode).toBe(u.code.length > 2 ? u.code.slice(0, -2) : null);
      expect(ZERO_WIDTH.test(u.nameKm) || ZERO_WIDTH.test(u.nameLatin), u.code).toBe(false);
      expect(u.nameKm.normalize('NFC')).toBe(u.nameKm);
      expect(u.nameKm).not.toBe('');
    }
  });

  it('reads all four YAML files when given any one of them', async () => {
    const edition = parseEdition(await readEditionFiles(path.join(dir, 'pumi-communes.yml')));
    expect(countLevels(edition.units)).toEqual(counts);
  });

  it('gets exactly the same units from the flat CSV as from the YAML files', async () => {
    const csv = await readFlatCsv(dir);
    expect(csv.formats).toEqual(['flat-csv']);
    expect(csv.skipped).toEqual([]);
    expect(csv.units).toEqual((await readEdition(dir)).units);
  });
});

describe('the Kep fixture', () => {
  it('reads the Kep fixture in both layouts', async () => {
    const yaml = await readEdition(FIXTURE_DIR);
    expect(countLevels(yaml.units)).toEqual(FIXTURE_COUNTS);
    expect((await readFlatCsv(FIXTURE_DIR)).units).toEqual(yaml.units);
    expect(byCode(yaml.units).get('23010102')).toMatchObject({
      nameKm: 'ទួលសាងាំ',
      nameLatin: 'Tuol Sangam',
      typeEn: 'Village',
      parentCode: '230101',
    });
  });
});

describe.runIf(FULL_DIR)('the full gazetteer (shared folder)', () => {
  it('keeps the real data as it is: types, Phnom Penh, an empty Latin name, zero-width spaces removed', async () => {
    const units = byCode((await readEdition(FULL_DIR!)).units);
    expect(units.get('12')).toMatchObject({
      nameLatin: 'Phnom Penh',
      typeKm: 'រាជធានី',
      typeLatin: 'Reach Theani',
      typeEn: 'Capital',
    });
    expect(units.get('0102')).toMatchObject({
      nameKm: 'មង្គលបូរី',
      nameLatin: 'Mongkol Borey',
      typeKm: 'ស្រុក',
      level: 'district',
    });
    // The source gives " " as the Latin name of this village.
    expect(units.get('02010508')).toMatchObject({ nameKm: 'ប៉ៃឡាំ', nameLatin: '' });
    // These carry U+200B in the source.
    expect(units.get('01100403')!.nameLatin).toBe('Kbal Spean 1');
    for (const code of [
      '01100403',
      '03050407',
      '03150103',
      '04060803',
      '06010401',
      '06010403',
      '10050109',
      '10050607',
      '14020714',
      '14121105',
    ]) {
      const u = units.get(code)!;
      expect(/\u200B/.test(u.nameKm + u.nameLatin), code).toBe(false);
    }
  });
});

describe("NCDD's export layout", () => {
  const file = path.join(FIXTURE_DIR, 'ncdd-banteay-meanchey-extract.csv');

  it('pads the codes NCDD shortens, skips title, header and total rows, reports a code too short for its type', async () => {
    const edition = parseEdition(await readEditionFiles(file));
    expect(edition.formats).toEqual(['ncdd-csv']);
    const units = byCode(edition.units);
    expect(units.get('01')).toMatchObject({
      level: 'province',
      nameKm: 'បន្ទាយមានជ័យ',
      nameLatin: 'Banteay Meanchey',
      typeEn: 'Province',
    });
    expect(units.get('0102')).toMatchObject({ level: 'district', parentCode: '01', typeLatin: 'Srok' });
    expect(units.get('010201')).toMatchObject({ level: 'commune', parentCode: '0102', typeKm: 'ឃុំ' });
    expect(units.get('01020101')).toMatchObject({
      level: 'village',
      parentCode: '010201',
      nameKm: 'អូរធំ',
      nameLatin: 'Ou Thum',
    });
    expect(units.get('01100403')!.nameLatin).toBe('Kbal Spean 1');
    expect([...units.keys()].every((c) => c.startsWith('01') && c.length % 2 === 0)).toBe(true);
    expect(countLevels(edition.units)).toMatchObject({ province: 1, district: 2, commune: 2 });
    expect(edition.skipped).toEqual([
      { file: 'ncdd-banteay-meanchey-extract.csv', reason: 'lengthMismatch', row: 34, code: '010201' },
    ]);
  });

  it.runIf(FULL_DIR)('agrees with pumi on every unit it lists', async () => {
    const full = byCode((await readEdition(FULL_DIR!)).units);
    for (const u of parseEdition(await readEditionFiles(file)).units) expect(u).toEqual(full.get(u.code));
  });

  it('takes the type from the first column, a few known gaps filled, unknown types reported', () => {
    const text = [
      'type,code,name_km,name_latin,reference,note1,note2',
      'ខេត្ត,17,សៀមរាប,Siem Reap,,,',
      ',1715,សៀមរាប,Siem Reap,,,', // NCDD leaves this district's type empty
      'សង្កាត់,171501,ស្លក្រាម,Sla Kram,,,',
      'ផ្លូវ,17150101,ផ្លូវ,Road,,,',
    ].join('\n');
    const edition = parseEdition([{ name: 'siem-reap.csv', text }]);
    expect(edition.units.map((u) => [u.code, u.typeKm])).toEqual([
      ['17', 'ខេត្ត'],
      ['1715', 'ក្រុង'],
      ['171501', 'សង្កាត់'],
    ]);
    expect(edition.skipped).toEqual([{ file: 'siem-reap.csv', reason: 'unknownType', row: 5, code: '17150101' }]);
  });
});

describe('format detection and checks', () => {
  it('detects the layout from the extension and the first line', () => {
    expect(
      detectFormat({
        name: 'a.csv',
        text: '\uFEFFcode,level,parent_code,type_km,type_latin,type_en,name_km,name_latin\n',
      }),
    ).toBe('flat-csv');
    expect(detectFormat({ name: 'a.csv', text: 'ខេត្ត,1,បន្ទាយមានជ័យ,Banteay Meanchey,,,\n' })).toBe('ncdd-csv');
    expect(detectFormat({ name: 'villages.yml', text: '---\nvillages:\n' })).toBe('pumi-yaml');
    expect(detectFormat({ name: 'other.yml', text: 'people:\n  - a\n' })).toBeNull();
    expect(detectFormat({ name: 'gazetteer.pdf', text: '%PDF-1.7' })).toBeNull();
  });

  it('refuses a file it cannot read and an edition without units', () => {
    expect(() => parseEdition([{ name: 'gazetteer.pdf', text: '%PDF-1.7' }])).toThrow(/gazetteerUnknownFormat/);
    expect(() => parseEdition([{ name: 'empty.csv', text: 'a,b,c\n' }])).toThrow(/gazetteerEmpty/);
    expect(() => parseEdition([{ name: 'broken.yml', text: 'villages:\n  "01: [\n' }])).toThrow(/gazetteerUnreadable/);
  });

  it('leaves out duplicates, units whose parent is missing and rows without a name or a valid code', () => {
    const text = [
      'code,level,parent_code,type_km,type_latin,type_en,name_km,name_latin',
      '23,province,,ខេត្ត,Khaet,Province,កែប,Kep',
      "2301,district,23,ក្រុង,Krong,Municipality,ដំណាក់ចង្អើរ,Damnak Chang'aeur",
      '2301,district,23,ក្រុង,Krong,Municipality,ដំណាក់ចង្អើរ,Again',
      '23019901,village,230199,ភូមិ,Phum,Village,ភូមិថ្មី,Phum Thmei',
      '230101,village,2301,ឃុំ,Khum,Commune,អង្កោល,Angkaol',
      '230103,commune,2301,ឃុំ,Khum,Commune,\u200B,',
      '2301031,village,230103,ភូមិ,Phum,Village,x,x',
      'total,,,,,,,',
    ].join('\n');
    const edition = parseEdition([{ name: 'flat.csv', text }]);
    expect(edition.units.map((u) => u.code)).toEqual(['23', '2301']);
    expect(edition.skipped.map((s) => [s.row ?? null, s.code ?? null, s.reason])).toEqual([
      [4, '2301', 'duplicate'],
      [6, '230101', 'lengthMismatch'],
      [7, '230103', 'missingName'],
      [8, '2301031', 'badCode'],
      [9, null, 'noDigits'],
      [null, '23019901', 'noParent'],
    ]);
  });
});
