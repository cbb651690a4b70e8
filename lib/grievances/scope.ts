import 'server-only';
import { and, eq, or, type SQL } from 'drizzle-orm';
import { grievances } from '@/db/schema';
import type { Role } from '@/lib/auth/roles';
import { ownedBy, type Tenant } from '@/lib/auth/scope';

/** Who reads grievances: a signed-in operator user (an OperatorUser fits). */
export interface GrievanceReader extends Tenant {
  readonly id: string;
  readonly roles: readonly Role[];
}

/** The operator's administrators see every grievance of their operator, sensitive ones included. */
export function seesAllGrievances(reader: GrievanceReader): boolean {
  return reader.roles.includes('operator_admin');
}

/**
 * THE visibility rule of grievances, used by every read (lists, search, counts, the page, the member's
 * list, exports, the API, and the reads before a write): the reader's operator, and a sensitive
 * grievance (staff conduct, fraud or abuse) only for its assigned officer and the operator's
 * administrators. Written on the `grievances` table (not aliased); raw statements embed it as is.
 */
export function visibleTo(reader: GrievanceReader): SQL {
  const tenant = ownedBy(grievances, reader);
  if (seesAllGrievances(reader)) return tenant;
  return and(tenant, or(eq(grievances.sensitive, false), eq(grievances.assignedTo, reader.id)))!;
}
