import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The only module that reads process.env. Every variable is listed in the README.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  // PostgreSQL: the role that owns the tables runs the migrations and grants DATABASE_URL's role (which owns
  // nothing) what the app needs, so that the app cannot disable the audit trail's triggers (db/roles.ts).
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().min(1).default('.data'),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  INITIAL_ADMIN_EMAIL: z.string().email().optional(),
  INITIAL_ADMIN_PASSWORD: z.string().min(12).optional(),
  INITIAL_ADMIN_NAME: z.string().min(1).default('Platform administrator'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  // Reverse proxies in front of the app (read by scripts/server.mjs through lib/http/edge.mjs, which
  // refuses to start on a bad value): empty or 0 — none, forwarded headers are ignored; 1–10 — that
  // many hops, each appending to X-Forwarded-For; or a comma-separated list of proxy addresses/CIDRs.
  TRUSTED_PROXIES: z.string().optional(),
  // CamDX (X-Road) client, lib/camdx/config.ts: off until the security server URL is set.
  CAMDX_SECURITY_SERVER_URL: z.url({ protocol: /^https?$/ }).optional(),
  CAMDX_CLIENT_ID: z.string().regex(xroadId(4), { error: 'expected INSTANCE/CLASS/MEMBER/SUBSYSTEM' }).optional(),
  CAMDX_SPR_SERVICE_ID: z
    .string()
    .regex(xroadId(5), { error: 'expected INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE' })
    .optional(),
  CAMDX_MOI_SERVICE_ID: z
    .string()
    .regex(xroadId(5), { error: 'expected INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE' })
    .optional(),
  CAMDX_TLS_CERT: z.string().min(1).optional(),
  CAMDX_TLS_KEY: z.string().min(1).optional(),
  CAMDX_TLS_CA: z.string().min(1).optional(),
  CAMDX_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  CAMDX_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(75_000),
  CAMDX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  CAMDX_STRICT_IDENTIFIERS: z.stringbool().default(true),
  // Registry sync (lib/registry). CAMDX_MAX_ATTEMPTS above counts tries within one call under one
  // X-Road-Id; this counts the outbox's tries (calls) before a member shows "needs attention".
  CAMDX_SYNC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  CAMDX_SYNC_BATCH: z.coerce.number().int().min(1).max(500).default(200),
  CAMDX_SYNC_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  // A worker's hold on the rows it sends, renewed by its heartbeat: a crashed worker's rows come back after it.
  CAMDX_SYNC_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  // Batches of different operators (or staff users) sent side by side.
  CAMDX_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(3),
  // On SIGTERM the call in flight may finish for this long; then its rows are given back (the server waits 25 s).
  CAMDX_SYNC_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(24_000).default(15_000),
  // 'app': the worker runs inside the app process; 'off': run it apart with `npm run worker`.
  CAMDX_WORKER: z.enum(['app', 'off']).default('app'),
  // How often the server keeps the home dashboards' counts warm (lib/dashboard/ahead.ts); 0: never
  // (each visit then recomputes counts older than five minutes).
  DASHBOARD_REFRESH_INTERVAL_MS: z.coerce.number().int().min(0).max(120_000).default(60_000),
  // How often the server seals the audit trail's new rows into its hash chain (lib/audit/chain.ts); 0:
  // never in this process (another instance, or `npm run audit:seal` from a timer, does it).
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
});

/** X-Road ids as configured: `n` non-empty parts separated by '/'. Characters are checked in lib/camdx. */
function xroadId(n: number): RegExp {
  return new RegExp(`^[^/]+(/[^/]+){${n - 1}}$`);
}

export type Env = z.infer<typeof schema>;

function load(): Env {
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export const env: Env = load();

export const dataDir = path.resolve(env.DATA_DIR);

// Read once: every signed-in request decodes its cookie with it (a file read each time showed in the profile).
let secretFromFile: string | undefined;

/**
 * NEXTAUTH_SECRET when set; otherwise one generated on first use and kept in DATA_DIR,
 * so that sessions survive a restart. Several instances must share one secret via the env.
 */
export function authSecret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  return (secretFromFile ??= secretFile());
}

function secretFile(): string {
  const file = path.join(dataDir, 'nextauth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function publicUrl(): string {
  return env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
}
