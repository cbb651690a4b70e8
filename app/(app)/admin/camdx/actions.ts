'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { testConnection } from '@/lib/registry/connection';
import { noInput } from '@/lib/registry/schemas';

/** "Test connection": allowedMethods of the registry through our security server. */
export async function testConnectionAction(input?: unknown) {
  return runAction(
    () => requireRole('operators'),
    noInput,
    input,
    (user) => testConnection(undefined, user.id),
  );
}
