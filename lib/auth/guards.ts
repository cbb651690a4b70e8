import 'server-only';
import { DomainError } from '@/lib/errors';
import { can, type Area } from './policy';
import { currentUser, type SessionUser } from './session';

export type OperatorUser = SessionUser & { operatorId: string };

/** A user who works for an operator (not a platform administrator): the actor of operator-scoped reads. */
export function isOperatorUser(user: SessionUser): user is OperatorUser {
  return user.operatorId !== null;
}

/** Every action, route handler and page starts here. */
export async function requireUser(opts: { allowPasswordChange?: boolean } = {}): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new DomainError('UNAUTHENTICATED');
  if (user.mustChangePassword && !opts.allowPasswordChange) throw new DomainError('PASSWORD_CHANGE_REQUIRED');
  return user;
}

/** A user allowed into `area`; for operator areas the operator scope is narrowed to non-null. */
export async function requireRole(area: 'operators'): Promise<SessionUser>;
export async function requireRole(area: Exclude<Area, 'operators'>): Promise<OperatorUser>;
export async function requireRole(area: Area): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user, area)) throw new DomainError('FORBIDDEN');
  if (area !== 'operators' && !user.operatorId) throw new DomainError('FORBIDDEN');
  return user;
}
