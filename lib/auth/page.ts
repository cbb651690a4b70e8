import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { DomainError } from '@/lib/errors';
import { requireRole, requireUser, type OperatorUser } from './guards';
import type { Area } from './policy';
import type { SessionUser } from './session';

/** The page form of the guards: signed-out → sign-in page, must change password → that page, refused → 403. */
export async function pageUser(): Promise<SessionUser>;
export async function pageUser(area: 'operators'): Promise<SessionUser>;
export async function pageUser(area: Exclude<Area, 'operators'>): Promise<OperatorUser>;
export async function pageUser(area?: Area): Promise<SessionUser> {
  try {
    if (!area) return await requireUser();
    return area === 'operators' ? await requireRole(area) : await requireRole(area);
  } catch (e) {
    if (e instanceof DomainError) {
      if (e.code === 'UNAUTHENTICATED') redirect('/signin');
      if (e.code === 'PASSWORD_CHANGE_REQUIRED') redirect('/change-password');
      if (e.code === 'FORBIDDEN') forbidden();
    }
    throw e;
  }
}
