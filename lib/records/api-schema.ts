import { z } from 'zod';
import {
  HOUSEHOLD_STATUSES,
  MARITAL_STATUSES,
  MEMBER_STATUSES,
  RELATIONSHIPS,
  SEXES,
  WG_DOMAINS,
  WG_LEVELS,
} from '@/db/schema/households';
import { apiSchemas } from '@/lib/api/schemas';

// GET /api/v1/households/{id} and /api/v1/members/{id}: the answers of ./json.ts.

export const recordParamsSchema = z.object({ id: z.guid() });

const id = z.guid();
const nullableString = z.string().nullable();
const dateTime = z.iso.datetime();
const date = z.iso.date().nullable();
const version = z.int().min(1).meta({ description: 'Bumped by every change (optimistic concurrency)' });
const householdCode = z.string().meta({ examples: ['PWDF-000123'] });

export const addressUnitSchema = z
  .object({
    code: z.string().regex(/^[0-9]{2}([0-9]{2}){0,3}$/),
    nameKm: z.string(),
    nameLatin: z.string(),
    retired: z.boolean().meta({ description: 'Retired by a newer gazetteer edition (kept on old records)' }),
  })
  .register(apiSchemas, { id: 'AddressUnit', description: 'A unit of the address' });

export const addressSchema = z
  .object({
    villageCode: z.string().regex(/^[0-9]{8}$/),
    addressLine: nullableString.meta({
      description: "House number and street; always null in a member's household summary",
    }),
    province: addressUnitSchema.nullable(),
    district: addressUnitSchema.nullable(),
    commune: addressUnitSchema.nullable(),
    village: addressUnitSchema.nullable(),
  })
  .register(apiSchemas, { id: 'Address', description: 'A unit missing from the gazetteer is null' });

const memberShape = {
  id,
  householdId: id,
  surnameKm: z.string(),
  givenNameKm: z.string(),
  surnameLatin: nullableString,
  givenNameLatin: nullableString,
  sex: z.enum(SEXES),
  birthDate: date.meta({ description: 'Null when only the year is known' }),
  birthYear: z.int(),
  birthEstimated: z.boolean(),
  relationship: z.enum(RELATIONSHIPS).meta({ description: 'To the head of the household' }),
  khmerId: z
    .string()
    .regex(/^[0-9]{9}$/)
    .nullable(),
  birthCertificateNo: nullableString,
  phone: nullableString.meta({ description: 'E.164' }),
  disability: z
    .partialRecord(z.enum(WG_DOMAINS), z.enum(WG_LEVELS))
    .nullable()
    .meta({ description: 'Washington Group short set: the level of difficulty per domain' }),
  hasDisability: z.boolean(),
  maritalStatus: z.enum(MARITAL_STATUSES).nullable(),
  status: z.enum(MEMBER_STATUSES),
  deathDate: date,
  exitDate: date,
  exitReason: nullableString,
  version,
  createdAt: dateTime,
  updatedAt: dateTime,
};

export const memberSchema = z
  .object(memberShape)
  .register(apiSchemas, { id: 'Member', description: 'A member of the household' });

export const memberRecordSchema = z
  .object({
    ...memberShape,
    household: z.object({ id, code: householdCode, address: addressSchema }),
  })
  .register(apiSchemas, { id: 'MemberRecord', description: "The member, with their household's code and address" });

export const householdSchema = z
  .object({
    id,
    code: householdCode,
    status: z.enum(HOUSEHOLD_STATUSES),
    version,
    address: addressSchema,
    idpoor: z.object({
      number: z
        .string()
        .regex(/^[0-9]{8}-[0-9]{4}$/)
        .nullable(),
      level: z.literal([1, 2]).nullable(),
    }),
    phone: nullableString.meta({ description: 'E.164, e.g. +85512345678' }),
    notes: nullableString,
    createdAt: dateTime,
    updatedAt: dateTime,
    members: z.array(memberSchema).meta({ description: 'The head first, then by year of birth' }),
  })
  .register(apiSchemas, { id: 'Household', description: 'The household, with its members and address' });
