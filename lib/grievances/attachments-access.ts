import 'server-only';
import { and, eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { grievances } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy } from '@/lib/auth/scope';

// Which grievance an attachment route may touch: the caller's operator's, and — for a sensitive one
// (staff conduct, fraud or abuse) — only when the caller is its assigned officer or an operator
// administrator. The same rule as the grievance pages (lib/grievances/scope.ts once merged).

function visibleTo(actor: OperatorUser): SQL {
  const scope = ownedBy(grievances, actor);
  if (actor.roles.includes('operator_admin')) return scope;
  return and(scope, or(eq(grievances.sensitive, false), eq(grievances.assignedTo, actor.id)))!;
}

/** The grievance by id if the caller may see it, else undefined (another operator's looks the same). */
export async function findVisibleGrievance(tx: Db, actor: OperatorUser, grievanceId: string) {
  const [row] = await tx
    .select({ id: grievances.id, code: grievances.code, sensitive: grievances.sensitive })
    .from(grievances)
    .where(and(visibleTo(actor), eq(grievances.id, grievanceId)));
  return row;
}
