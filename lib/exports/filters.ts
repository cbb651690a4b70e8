import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { households, members, MEMBER_STATUSES, SEXES } from '@/db/schema';
import { hasKhmer, khmerKey, latinKey } from '@/lib/text/normalise';

// The filters of the member search, for the export: kept small on purpose, and replaceable by
// lib/search once that exists. Empty query parameters count as absent.

const code = (digits: number) => z.string().regex(new RegExp(`^\\d{${digits}}$`), { error: 'invalid' }).optional();

export const exportQuerySchema = z.preprocess(
  (v) => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '')) : v),
  z.object({
    format: z.enum(['csv', 'xlsx'], { error: 'invalid' }).default('csv'),
    province: code(2),
    district: code(4),
    commune: code(6),
    village: code(8),
    sex: z.enum(SEXES, { error: 'invalid' }).optional(),
    status: z.enum(MEMBER_STATUSES, { error: 'invalid' }).optional(),
    disability: z.enum(['yes', 'no'], { error: 'invalid' }).optional(),
    q: z.string().max(100, { error: 'tooLong' }).optional(),
  }),
);
export type ExportQuery = z.output<typeof exportQuerySchema>;
export type ExportFilters = Omit<ExportQuery, 'format'>;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Always the caller's operator; the rest narrows by place, person and name fragment. */
export function exportWhere(operatorId: string, f: ExportFilters): SQL {
  const parts: (SQL | undefined)[] = [
    eq(members.operatorId, operatorId),
    eq(households.operatorId, operatorId),
    f.province ? eq(households.provinceCode, f.province) : undefined,
    f.district ? eq(households.districtCode, f.district) : undefined,
    f.commune ? eq(households.communeCode, f.commune) : undefined,
    f.village ? eq(households.villageCode, f.village) : undefined,
    f.sex ? eq(members.sex, f.sex) : undefined,
    f.status ? eq(members.status, f.status) : undefined,
    f.disability ? eq(members.hasDisability, f.disability === 'yes') : undefined,
  ];
  const q = f.q?.trim();
  if (q) {
    // A Khmer fragment matches the Khmer name key (trigram index serves LIKE); Latin letters, the Latin one.
    parts.push(hasKhmer(q)
      ? sql`${members.nameKmKey} like ${`%${likeEscape(khmerKey(q))}%`}`
      : sql`${members.nameLatinKey} like ${`%${likeEscape(latinKey(q))}%`}`);
  }
  return and(...parts)!;
}
