import { existsSync, readFileSync, rmSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { completeSetupAction } from '@/app/(public)/setup/actions';
import { GET as health } from '@/app/api/health/route';
import { db, dbHandle, installDbHandle } from '@/db/client';
import { setupTokens, users } from '@/db/schema';
import { SIBLING_WINDOW_SECONDS, bootstrapFirstAdmin, isSetupTokenValid, setupTokenFile } from '@/lib/auth/setup';
import { env } from '@/lib/env';
import { version as packageVersion } from '@/package.json';

const PASSWORD = 'Angkor-Sunrise-Bayon-9';

/** `run` against a new empty embedded database in place of the suite's, which is put back after. */
async function inFreshDatabase(run: () => Promise<void>) {
  const { openPglite } = await import('@/db/client');
  const { runMigrations } = await import('@/db/migrate');
  const previous = dbHandle();
  const fresh = openPglite();
  await runMigrations(fresh);
  installDbHandle(fresh);
  try {
    await run();
  } finally {
    installDbHandle(previous);
    await fresh.close();
  }
}

describe('first start on an empty database', () => {
  it('prints a one-time setup link that creates the platform administrator once', async () => {
    rmSync(setupTokenFile(), { force: true });
    await bootstrapFirstAdmin();
    expect(existsSync(setupTokenFile())).toBe(true);
    const token = readFileSync(setupTokenFile(), 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(await isSetupTokenValid(token)).toBe(true);
    expect(await isSetupTokenValid('guess')).toBe(false);

    const bad = await completeSetupAction({
      token,
      email: 'root@example.org',
      name: 'Root',
      password: 'short',
      confirmPassword: 'short',
    });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { password: ['passwordTooShort'] } });
    expect(await db().select().from(users)).toHaveLength(0);

    const ok = await completeSetupAction({
      token,
      email: 'root@example.org',
      name: 'Root',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(ok).toMatchObject({ ok: true });
    const [admin] = await db().select().from(users).where(eq(users.email, 'root@example.org'));
    expect(admin).toMatchObject({ isPlatformAdmin: true, operatorId: null, mustChangePassword: false });
    expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);

    // Void once used.
    expect(await isSetupTokenValid(token)).toBe(false);
    expect(existsSync(setupTokenFile())).toBe(false);
    const again = await completeSetupAction({
      token,
      email: 'second@example.org',
      name: 'Two',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(again).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await db().select().from(users)).toHaveLength(1);

    // With an administrator present, a restart prints nothing and creates nothing.
    await bootstrapFirstAdmin();
    expect(existsSync(setupTokenFile())).toBe(false);
  });
});

describe('instances starting together without INITIAL_ADMIN_*', () => {
  it('each prints a link that works; a link from an earlier start stops working', async () => {
    const setUpWith = (token: string, name: string) =>
      completeSetupAction({
        token,
        email: `${name.toLowerCase()}@example.org`,
        name,
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
    const printed = async () => {
      await bootstrapFirstAdmin();
      return readFileSync(setupTokenFile(), 'utf8').trim();
    };
    await inFreshDatabase(async () => {
      try {
        const old = await printed();
        // That start was long ago: its link is in some old log.
        await db()
          .update(setupTokens)
          .set({ createdAt: sql`now() - make_interval(secs => ${SIBLING_WINDOW_SECONDS + 60})` });
        const a = await printed();
        const b = await printed();
        expect(new Set([old, a, b]).size).toBe(3);
        expect(await isSetupTokenValid(old)).toBe(false);
        // Instance A's console and instance B's console: either link works...
        expect(await isSetupTokenValid(a)).toBe(true);
        expect(await isSetupTokenValid(b)).toBe(true);
        const done = await setUpWith(a, 'First');
        expect(done).toMatchObject({ ok: true });
        // ...until the administrator exists.
        expect(await isSetupTokenValid(b)).toBe(false);
        const late = await setUpWith(b, 'Second');
        expect(late).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(await db().select({ email: users.email }).from(users)).toEqual([{ email: 'first@example.org' }]);
      } finally {
        rmSync(setupTokenFile(), { force: true });
      }
    });
  });
});

describe('first start with INITIAL_ADMIN_EMAIL and INITIAL_ADMIN_PASSWORD', () => {
  it('creates that platform administrator (in a fresh database)', async () => {
    await inFreshDatabase(async () => {
      Object.assign(env, { INITIAL_ADMIN_EMAIL: 'Boot@Example.org', INITIAL_ADMIN_PASSWORD: PASSWORD });
      try {
        await bootstrapFirstAdmin();
        const rows = await db().select().from(users);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ email: 'boot@example.org', isPlatformAdmin: true });
      } finally {
        Object.assign(env, { INITIAL_ADMIN_EMAIL: undefined, INITIAL_ADMIN_PASSWORD: undefined });
      }
    });
  });
});

describe('GET /api/health', () => {
  it('answers 200 when the database answers, 503 when it does not', async () => {
    const res = await health();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: string; instance: Record<string, unknown> };
    expect(body).toMatchObject({ status: 'ok', database: 'ok' });
    // Which instance answered: behind a load balancer a monitor tells them apart by it.
    expect(body.instance).toMatchObject({
      id: `${hostname()}:${process.pid}`,
      hostname: hostname(),
      pid: process.pid,
      version: packageVersion,
      registryWorker: false,
    });
    expect(Date.parse(body.instance.startedAt as string)).toBeLessThanOrEqual(Date.now());

    const { openPglite } = await import('@/db/client');
    const previous = dbHandle();
    const dead = openPglite();
    await dead.close();
    installDbHandle(dead);
    try {
      const down = await health();
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'error', database: 'error' });
    } finally {
      installDbHandle(previous);
    }
  });
});
