import { z } from 'zod';
import { apiSchemas } from '@/lib/api/schemas';

// GET /api/v1/gazetteer/units and /villages: what the parameters of ./schemas.ts mean, and the answers.

export const unitsParamDocs = { parent: 'A province, district or commune code; absent or empty for the provinces' };
export const villagesParamDocs = {
  q: 'Part of a village name, in Khmer or Latin letters (trimmed; not empty)',
  limit: 'How many villages at most',
};

const names = z
  .object({ km: z.string(), latin: z.string() })
  .register(apiSchemas, { id: 'Names', description: 'A name in Khmer and Latin letters' });

export const unitSchema = z
  .object({
    code: z.string().regex(/^[0-9]{2}([0-9]{2}){0,3}$/),
    level: z.enum(['province', 'district', 'commune', 'village']),
    nameKm: z.string(),
    nameLatin: z.string(),
    typeKm: z.string(),
    typeLatin: z.string(),
    typeEn: z.string().meta({ examples: ['Province', 'Khan', 'Village'] }),
  })
  .register(apiSchemas, { id: 'Unit', description: 'An administrative unit' });

export const unitListSchema = z
  .object({
    parent: z.string().nullable().meta({ description: 'The parent code asked for; null for the provinces' }),
    units: z.array(unitSchema).meta({ description: 'In code order, retired units left out; [] for an unknown parent' }),
  })
  .register(apiSchemas, { id: 'UnitList', description: 'The units' });

export const villageListSchema = z
  .object({
    query: z.string().meta({ description: 'q, trimmed' }),
    villages: z
      .array(
        z
          .object({
            code: z.string().regex(/^[0-9]{8}$/),
            village: names,
            commune: names,
            district: names,
            province: names,
          })
          .register(apiSchemas, {
            id: 'VillageMatch',
            description: 'A village with the names of its commune, district and province',
          }),
      )
      .meta({ description: 'Exact names first, then names starting with q, then shorter names' }),
  })
  .register(apiSchemas, { id: 'VillageList', description: 'The villages found' });

// POST /api/v1/gazetteer/upload: what an import changed (lib/gazetteer/import.ts' ImportReport).

const unitChange = z
  .object({ code: z.string(), level: z.string(), nameKm: z.string(), nameLatin: z.string() })
  .register(apiSchemas, { id: 'UnitChange', description: 'A unit the import added, retired or restored' });

export const gazetteerImportSchema = z
  .object({
    id: z.uuid(),
    source: z.string().meta({ description: 'The uploaded file names, comma-separated' }),
    at: z.iso.datetime({ offset: true }),
    total: z.int().meta({ description: 'Units in the edition' }),
    added: z.int(),
    renamed: z.int(),
    retired: z.int(),
    restored: z.int().meta({ description: 'Retired units the edition lists again' }),
    details: z.object({
      formats: z.array(z.enum(['pumi-yaml', 'flat-csv', 'ncdd-csv'])),
      files: z.array(z.string()),
      provinces: z.array(z.string()).meta({ description: 'Province codes the edition covers' }),
      durationMs: z.int(),
      skipped: z.object({
        count: z.int(),
        rows: z
          .array(
            z.object({
              file: z.string(),
              row: z.int().optional(),
              code: z.string().optional(),
              reason: z.enum([
                'noDigits',
                'badCode',
                'lengthMismatch',
                'unknownType',
                'missingName',
                'duplicate',
                'noParent',
              ]),
            }),
          )
          .meta({ description: 'Rows left out, the first 200' }),
      }),
      added: z.array(unitChange).meta({ description: 'The first 200' }),
      renamed: z
        .array(unitChange.extend({ previousNameKm: z.string(), previousNameLatin: z.string() }))
        .meta({ description: 'The first 200' }),
      retired: z.array(unitChange).meta({ description: 'The first 200' }),
      restored: z.array(unitChange).meta({ description: 'The first 200' }),
    }),
  })
  .register(apiSchemas, { id: 'GazetteerImport', description: 'What the import changed; the counts are complete' });
export type GazetteerImportJson = z.input<typeof gazetteerImportSchema>;
