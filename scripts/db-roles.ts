// `npm run db:roles` (PostgreSQL): creates or updates the app's database role — DATABASE_URL's user
// and password — and grants it what the app needs, connected as MIGRATION_DATABASE_URL (the role that
// owns the tables; creating a role also needs CREATEROLE, or run it as a superuser). Safe to run again,
// e.g. after changing the password in DATABASE_URL; the migrations at every start grant again.
import { setUpAppRole } from '@/db/migrate';
import { appRoleFromUrl } from '@/db/roles';
import { env } from '@/lib/env';

async function main() {
  if (!env.DATABASE_URL || !env.MIGRATION_DATABASE_URL) {
    console.error(
      'npm run db:roles needs MIGRATION_DATABASE_URL (the owner, e.g. postgres://sdp_owner:…@host/sdp) and DATABASE_URL (the app, e.g. postgres://sdp_app:…@host/sdp). The embedded database has one user and no roles.',
    );
    process.exit(1);
  }
  const role = appRoleFromUrl(env.DATABASE_URL);
  if (new URL(env.DATABASE_URL).pathname !== new URL(env.MIGRATION_DATABASE_URL).pathname)
    console.warn('warning: DATABASE_URL and MIGRATION_DATABASE_URL name different databases');
  console.log(await setUpAppRole(env.MIGRATION_DATABASE_URL, role));
  if (!role.password)
    console.log(
      'DATABASE_URL has no password, so none was set: allow the role in pg_hba.conf (e.g. peer on a local socket), or add a password to DATABASE_URL and run this again',
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
