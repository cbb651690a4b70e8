import { z } from 'zod';
import { MEMBER_STATUSES, SEXES } from '@/db/schema/households';
import { apiSchemas } from '@/lib/api/schemas';
import type { MatchKind } from './parse';
import { SORTS } from './cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './schema';

// GET /api/v1/search: what each parameter of searchParamsSchema (./schema.ts) means, and the answer.

const nullableString = z.string().nullable();
const villageCode = z.string().regex(/^[0-9]{8}$/);
const MATCH_KINDS = [
  'khmerName',
  'latinName',
  'khmerId',
  'phone',
  'idpoor',
  'householdCode',
] as const satisfies readonly MatchKind[];

/** The filters the search and the export share (GET /api/v1/search and /api/v1/export). */
export const searchFilterDocs = {
  q:
    'Khmer name or part of it (anywhere in the name), Latin name words (each the start of a name word, spelling variants joined: ' +
    'Sokha/Sokkha, Chenda/Chinda), Khmer ID (9 digits), phone, household code or IDPoor number; the kind is told from the shape. ' +
    "Letters, digits, spaces and - . , ' ( ) + / only.",
  province: 'Province code',
  district: 'District code; must start with province when both are given',
  commune: 'Commune code; must start with the coarser codes given',
  village: 'Village code; must start with the coarser codes given',
  sex: 'Sex',
  ageMin: 'Youngest age (from the birth date, else the birth year)',
  ageMax: 'Oldest age; not below ageMin',
  disability: 'With or without a disability',
  status: 'Member status',
};

export const searchParamDocs = {
  ...searchFilterDocs,
  cursor: 'nextCursor of the previous page, with the same other parameters',
  limit: `Page size: ${DEFAULT_PAGE_SIZE} unless given, at most ${MAX_PAGE_SIZE}`,
};

export const memberHitSchema = z
  .object({
    memberId: z.guid(),
    surnameKm: z.string(),
    givenNameKm: z.string(),
    surnameLatin: nullableString,
    givenNameLatin: nullableString,
    sex: z.enum(SEXES),
    birthDate: z.iso.date().nullable(),
    birthYear: z.int(),
    birthEstimated: z.boolean(),
    status: z.enum(MEMBER_STATUSES),
    khmerIdMasked: z
      .string()
      .regex(/^\*{6}[0-9]{3}$/)
      .nullable()
      .meta({ description: 'All but the last 3 digits hidden: ******789' }),
    spid: nullableString.meta({ description: 'Social Protection ID, once registered; null until then' }),
    householdId: z.guid(),
    householdCode: z.string().meta({ examples: ['PWDF-000123'] }),
    villageCode,
    villageNameKm: nullableString,
    villageNameLatin: nullableString,
    communeNameKm: nullableString,
    communeNameLatin: nullableString,
  })
  .register(apiSchemas, {
    id: 'MemberHit',
    description: 'One member found, with the household and place it belongs to',
  });

export const searchResultSchema = z
  .object({
    items: z.array(memberHitSchema),
    nextCursor: nullableString.meta({ description: 'Pass as cursor for the next page; null on the last' }),
    matchedAs: z.array(z.enum(MATCH_KINDS)).meta({ description: 'What q was matched as; [] without q' }),
    sort: z
      .enum(SORTS)
      .meta({ description: 'Khmer name order (ICU collation where the server has it) or Latin name order' }),
  })
  .register(apiSchemas, { id: 'SearchResult', description: 'A page of members' });
