import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, count, eq, isNull, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { db } from '@/db/client';
import { setupTokens, users } from '@/db/schema';
import { dataDir, env, publicUrl } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { systemLogger } from '@/lib/log';
import { createUserRow } from '@/lib/users/create';
import type { setupSchema } from '@/lib/users/schemas';

// Any constant of this app's own (db/migrate.ts and lib/imports/claim.ts hold 7_345_001 and 7_345_002).
const BOOTSTRAP_LOCK_ID = 7_345_003;
/** Setup links printed within this long of each other are instances starting together: all of them work. */
export const SIBLING_WINDOW_SECONDS = 10 * 60;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const setupTokenFile = () => path.join(dataDir, 'setup-token');

export async function hasAnyUser(): Promise<boolean> {
  const [row] = await db().select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

/**
 * First start on an empty database: create the platform administrator from INITIAL_ADMIN_*,
 * or print a one-time setup link. No default password ever exists.
 */
export async function bootstrapFirstAdmin(): Promise<void> {
  const log = systemLogger('bootstrap');
  if (await hasAnyUser()) return;
  if (env.INITIAL_ADMIN_EMAIL && env.INITIAL_ADMIN_PASSWORD) {
    const email = env.INITIAL_ADMIN_EMAIL.toLowerCase();
    const created = await db().transaction(async (tx) => {
      // Instances started together on an empty database: one creates the administrator, the others find it.
      await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_ID})`);
      const [row] = await tx.select({ n: count() }).from(users);
      if ((row?.n ?? 0) > 0) return false;
      await createUserRow(tx, null, {
        operatorId: null,
        email,
        name: env.INITIAL_ADMIN_NAME,
        password: env.INITIAL_ADMIN_PASSWORD!,
        roles: [],
        isPlatformAdmin: true,
        mustChangePassword: false,
      });
      return true;
    });
    if (!created) return;
    log.info({ event: 'bootstrap.admin_created' }, 'platform administrator created from INITIAL_ADMIN_EMAIL');
    return;
  }
  const token = randomBytes(24).toString('base64url');
  await db().transaction(async (tx) => {
    // A link printed by an earlier start stops working (it may sit in an old log), but not one printed by
    // an instance starting together with this one on the same empty database: each instance's console
    // shows its own link, and any of them works until the administrator exists.
    await tx
      .update(setupTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          isNull(setupTokens.usedAt),
          lt(setupTokens.createdAt, sql`now() - make_interval(secs => ${SIBLING_WINDOW_SECONDS})`),
        ),
      );
    await tx.insert(setupTokens).values({ tokenHash: hashToken(token) });
  });
  const url = `${publicUrl()}/setup?token=${token}`;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(setupTokenFile(), `${token}\n`, { mode: 0o600 });
  // The link is the one secret meant for the console: printed plainly, never through the JSON log.
  process.stdout.write(
    `\n  No administrator exists yet. Create the first platform administrator here (the link works once):\n\n    ${url}\n\n`,
  );
  log.info({ event: 'bootstrap.setup_link_printed' }, 'one-time setup link printed to the console');
}

export async function isSetupTokenValid(token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const [row] = await db()
    .select({ h: setupTokens.tokenHash })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt)));
  return Boolean(row) && !(await hasAnyUser());
}

export async function completeSetup(input: z.output<typeof setupSchema>): Promise<void> {
  await db().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(setupTokens)
      .where(and(eq(setupTokens.tokenHash, hashToken(input.token)), isNull(setupTokens.usedAt)))
      .for('update');
    const [existing] = await tx.select({ n: count() }).from(users);
    if (!row || (existing?.n ?? 0) > 0)
      throw new DomainError('FORBIDDEN', 'setupTokenInvalid', { token: ['setupTokenInvalid'] });
    await tx
      .update(setupTokens)
      .set({ usedAt: sql`now()` })
      .where(eq(setupTokens.tokenHash, row.tokenHash));
    await createUserRow(tx, null, {
      operatorId: null,
      email: input.email,
      name: input.name,
      password: input.password,
      roles: [],
      isPlatformAdmin: true,
      mustChangePassword: false,
    });
  });
  rmSync(setupTokenFile(), { force: true });
}
