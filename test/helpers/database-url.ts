/** `base` (a PostgreSQL URL) pointing at database `name` on the same server. */
export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
