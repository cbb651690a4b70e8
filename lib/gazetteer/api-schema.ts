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
