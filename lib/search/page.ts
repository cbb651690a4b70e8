import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { adminUnits, members } from '@/db/schema';
import type { Locale } from '@/db/schema/accounts';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { DomainError, type FieldErrors } from '@/lib/errors';
import { searchParamsSchema } from './schema';
import { searchMembers, type SearchResult } from './search';

/** What the Households page renders before any script runs (and hands to the type-ahead). */
export interface InitialSearch {
  result: SearchResult | null;
  fieldErrors: FieldErrors | null;
  /** False when the operator has no member at all: the page then says so instead of "no match". */
  hasMembers: boolean;
}

async function operatorHasMembers(actor: OperatorUser): Promise<boolean> {
  const [row] = await db().select({ id: members.id }).from(members).where(ownedBy(members, actor)).limit(1);
  return row !== undefined;
}

export async function initialSearch(
  actor: OperatorUser,
  raw: Record<string, string>,
  locale: Locale,
): Promise<InitialSearch> {
  const parsed = searchParamsSchema.safeParse(raw);
  if (!parsed.success) {
    return { result: null, fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors, hasMembers: true };
  }
  try {
    const result = await searchMembers(actor, parsed.data, locale);
    return { result, fieldErrors: null, hasMembers: result.items.length > 0 || (await operatorHasMembers(actor)) };
  } catch (e) {
    // A cursor from the other language's order, say: show the fields' messages, not an error page.
    if (e instanceof DomainError && e.code === 'INVALID')
      return { result: null, fieldErrors: e.fieldErrors ?? {}, hasMembers: true };
    throw e;
  }
}

/** The provinces for the filter, in code order (the gazetteer's own order). */
export async function listProvinces(locale: Locale): Promise<{ code: string; name: string }[]> {
  const rows = await db()
    .select({ code: adminUnits.code, nameKm: adminUnits.nameKm, nameLatin: adminUnits.nameLatin })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, 'province'), isNull(adminUnits.retiredAt)))
    .orderBy(adminUnits.code);
  return rows.map((r) => ({ code: r.code, name: locale === 'km' ? r.nameKm : r.nameLatin }));
}
