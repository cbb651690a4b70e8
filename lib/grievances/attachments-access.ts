import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { grievances } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { visibleTo } from './scope';

/**
 * The grievance by id if the caller may see it (the one visibility rule of lib/grievances/scope.ts:
 * their operator's, and a sensitive one only for its assignee and the administrators), else undefined:
 * another operator's and a sensitive one that is not theirs look the same as none.
 */
export async function findVisibleGrievance(tx: Db, actor: OperatorUser, grievanceId: string) {
  const [row] = await tx
    .select({ id: grievances.id, code: grievances.code, sensitive: grievances.sensitive })
    .from(grievances)
    .where(and(visibleTo(actor), eq(grievances.id, grievanceId)));
  return row;
}
