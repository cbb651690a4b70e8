import { z } from 'zod';
import type { ProgrammeRow } from '@/db/schema';
import { apiSchemas } from '@/lib/api/schemas';
import { BENEFIT_TYPES, CURRENCIES, FREQUENCIES, PROGRAMME_STATUSES } from './values';

// GET /api/v1/programmes and /api/v1/programmes/{id}: the answers, and the row → answer mapping.

export const programmeParamsSchema = z.object({ id: z.guid() });

export const programmeJsonSchema = z
  .object({
    id: z.guid(),
    code: z.string().meta({ examples: ['COVID-CT'] }),
    nameKm: z.string(),
    nameEn: z.string(),
    description: z.string().nullable(),
    benefitType: z.enum(BENEFIT_TYPES).meta({ description: 'DCI IBR BenefitTypeEnum: 1 cash, 2 voucher, 3 in-kind' }),
    currency: z.enum(CURRENCIES),
    frequency: z.enum(FREQUENCIES),
    startDate: z.iso.date(),
    endDate: z.iso.date().nullable(),
    status: z.enum(PROGRAMME_STATUSES),
    rules: z.record(z.string(), z.unknown()).meta({
      description:
        'Benefit rules as data: eligibility, household and member rules (first match wins), cap; amounts in minor units of the currency',
    }),
    version: z.int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(apiSchemas, { id: 'Programme', description: 'A benefit programme of the operator' });

export const programmeListSchema = z
  .object({ items: z.array(programmeJsonSchema) })
  .register(apiSchemas, { id: 'ProgrammeList', description: "The operator's programmes, by code" });

export function programmeJson(p: ProgrammeRow): z.input<typeof programmeJsonSchema> {
  return {
    id: p.id,
    code: p.code,
    nameKm: p.nameKm,
    nameEn: p.nameEn,
    description: p.description,
    benefitType: p.benefitType as z.input<typeof programmeJsonSchema>['benefitType'],
    currency: p.currency as z.input<typeof programmeJsonSchema>['currency'],
    frequency: p.frequency as z.input<typeof programmeJsonSchema>['frequency'],
    startDate: p.startDate,
    endDate: p.endDate,
    status: p.status as z.input<typeof programmeJsonSchema>['status'],
    rules: p.rules as unknown as Record<string, unknown>,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
