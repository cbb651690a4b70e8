import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { grievanceCategories, grievances, operators } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import { visibleTo } from './scope';

// The complainant's printable receipt: what they filed and what to expect, nothing of the handling
// (no comments, no assignee, no history), and for an anonymous grievance no personal data at all.

export interface GrievanceReceipt {
  code: string;
  receivedAt: Date;
  /** The service level's last day (YYYY-MM-DD). */
  dueOn: string;
  category: { nameKm: string; nameEn: string };
  anonymous: boolean;
  /** A named non-member's name; null when anonymous (nothing stored) and for a member (linked, not named here). */
  complainantName: string | null;
  operator: { code: string; nameKm: string; nameEn: string };
}

/** The receipt of a grievance the caller can see, or null (another operator's, unknown, or sensitive and not theirs). */
export async function grievanceReceipt(actor: OperatorUser, id: string): Promise<GrievanceReceipt | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db()
    .select({
      code: grievances.code,
      receivedAt: grievances.receivedAt,
      dueOn: grievances.dueOn,
      complainantKind: grievances.complainantKind,
      complainantName: grievances.complainantName,
      categoryKm: grievanceCategories.nameKm,
      categoryEn: grievanceCategories.nameEn,
      operatorCode: operators.code,
      operatorKm: operators.nameKm,
      operatorEn: operators.nameEn,
    })
    .from(grievances)
    .innerJoin(grievanceCategories, eq(grievanceCategories.id, grievances.categoryId))
    .innerJoin(operators, eq(operators.id, grievances.operatorId))
    .where(and(visibleTo(actor), eq(grievances.id, id)));
  if (!row) return null;
  return {
    code: row.code,
    receivedAt: row.receivedAt,
    dueOn: row.dueOn,
    category: { nameKm: row.categoryKm, nameEn: row.categoryEn },
    anonymous: row.complainantKind === 'anonymous',
    complainantName: row.complainantKind === 'anonymous' ? null : row.complainantName,
    operator: { code: row.operatorCode, nameKm: row.operatorKm, nameEn: row.operatorEn },
  };
}
