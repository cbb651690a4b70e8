// The search parameters, one schema for the page, the API and the client's URL. Messages are keys
// under `errors.` in messages/*/search.json.
import { z } from 'zod';
import { MEMBER_STATUSES, SEXES } from '@/db/schema/households';
import { hasLoneSurrogate } from '@/lib/text/normalise';
import { decodeCursor } from './cursor';

export const MAX_QUERY_LENGTH = 100;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
export const MAX_AGE = 130;

// Letters and marks of any script, digits, spaces, zero-width characters (stripped later) and the
// punctuation found in names, phone numbers and codes. Anything else (quotes, semicolons, "=",
// control characters) cannot be part of a name or a number, so it is refused rather than searched.
const QUERY_CHARACTERS = /^[\p{L}\p{M}\p{N} \u00A0\u200B-\u200D\u2060\uFEFF.,'’()+\-/]*$/u;

// A form sends empty fields as "": they mean "no filter".
const blank = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const areaCode = (digits: number) =>
  optional(z.string().regex(new RegExp(`^[0-9]{${digits}}$`), { error: 'areaCode' }));
const age = optional(
  z.coerce
    .number({ error: 'ageInvalid' })
    .int({ error: 'ageInvalid' })
    .min(0, { error: 'ageInvalid' })
    .max(MAX_AGE, { error: 'ageInvalid' }),
);

export const searchParamsSchema = z
  .object({
    q: z.preprocess(
      (v) => v ?? '',
      z
        .string()
        .max(MAX_QUERY_LENGTH, { error: 'queryTooLong' })
        .refine((s) => !hasLoneSurrogate(s), { error: 'queryCharacters' })
        .refine((s) => QUERY_CHARACTERS.test(s), { error: 'queryCharacters' }),
    ),
    province: areaCode(2),
    district: areaCode(4),
    commune: areaCode(6),
    village: areaCode(8),
    sex: optional(z.enum(SEXES, { error: 'invalid' })),
    ageMin: age,
    ageMax: age,
    disability: optional(z.enum(['true', 'false'], { error: 'invalid' }).transform((v) => v === 'true')),
    status: optional(z.enum(MEMBER_STATUSES, { error: 'invalid' })),
    cursor: optional(
      z
        .string()
        .max(600, { error: 'cursorInvalid' })
        .transform((s, ctx) => {
          const cursor = decodeCursor(s);
          if (!cursor) ctx.addIssue({ code: 'custom', message: 'cursorInvalid' });
          return cursor ?? undefined;
        }),
    ),
    limit: optional(
      z.coerce
        .number({ error: 'invalid' })
        .int({ error: 'invalid' })
        .min(1, { error: 'invalid' })
        .max(MAX_PAGE_SIZE, { error: 'invalid' }),
    ),
  })
  .superRefine((p, ctx) => {
    if (p.ageMin !== undefined && p.ageMax !== undefined && p.ageMin > p.ageMax) {
      ctx.addIssue({ code: 'custom', path: ['ageMax'], message: 'ageRange' });
    }
    // Each finer area code starts with the coarser one given with it: a mismatch is a mistake, not an empty result.
    const chain = [p.province, p.district, p.commune, p.village];
    chain.forEach((code, i) => {
      const parent = chain
        .slice(0, i)
        .reverse()
        .find((c) => c !== undefined);
      if (code && parent && !code.startsWith(parent)) {
        ctx.addIssue({
          code: 'custom',
          path: [['province', 'district', 'commune', 'village'][i]!],
          message: 'areaMismatch',
        });
      }
    });
  });

export type SearchParams = z.output<typeof searchParamsSchema>;
/** The parameters as they appear in a URL (numbers and booleans written as text there). */
export type SearchParamsInput = Partial<Record<keyof SearchParams, string | number | undefined>>;

/** The first value of each parameter of a URL or a page's searchParams. */
export function firstValues(
  raw: URLSearchParams | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const entries =
    raw instanceof URLSearchParams
      ? [...raw.keys()].map((k) => [k, raw.get(k)] as const)
      : Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  return Object.fromEntries(entries.filter((e): e is readonly [string, string] => typeof e[1] === 'string'));
}
