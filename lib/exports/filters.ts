import 'server-only';
import { and, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { members } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';
import { areaFilter, lookupCondition, memberFilters, nameMatch } from '@/lib/search/conditions';
import { parseQuery } from '@/lib/search/parse';
import type { SearchParams } from '@/lib/search/schema';
import { latinSkeletons } from '@/lib/search/search';

// The export takes the member search's own parameters and conditions (lib/search), so the file
// holds exactly the people the search shows — every page of them, not one.

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportFilters = Omit<SearchParams, 'cursor' | 'limit'>;

/** The search's WHERE for these filters, always within the caller's operator. */
export async function exportCondition(actor: OperatorUser, filters: ExportFilters, now = new Date()): Promise<SQL> {
  const parsed = parseQuery(filters.q);
  const skeletons = parsed.kind === 'latinName' ? await db().transaction((tx) => latinSkeletons(tx, parsed.words)) : [];
  const name = nameMatch(parsed, skeletons);
  return and(
    ownedBy(members, actor),
    name?.exact,
    lookupCondition(actor, parsed),
    ...memberFilters(filters, now),
    areaFilter(actor, filters, true),
  )!;
}
