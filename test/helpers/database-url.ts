import type { AppRole } from '@/db/roles';

/** `base` (a PostgreSQL URL) pointing at database `name` on the same server. */
export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The role integration tests connect as on PostgreSQL, as the app does in production: one that owns
 * nothing (db/roles.ts). Not the production default `sdp_app`, so that a test run never changes that
 * role on a shared server. TEST_APP_PASSWORD when the server does not trust local connections.
 */
export function testAppRole(): AppRole {
  return { name: process.env.TEST_APP_ROLE || 'sdp_test_app', password: process.env.TEST_APP_PASSWORD || undefined };
}

/** Database `name` on `base`'s server, connected as the test app role. */
export function appDatabaseUrl(base: string, name: string): string {
  const u = new URL(databaseUrl(base, name));
  const role = testAppRole();
  u.username = encodeURIComponent(role.name);
  u.password = role.password ? encodeURIComponent(role.password) : '';
  return u.toString();
}
