import 'server-only';
import { isIP } from 'node:net';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { query } from '@/db/rows';
import { clientAddressOf } from '@/lib/request';

// Fixed-window counters in rate_limits, shared by every app instance (one UPSERT … RETURNING per hit).

export interface Limit {
  /** Requests allowed per window. */
  hits: number;
  windowMs: number;
}

export interface Hit {
  allowed: boolean;
  hits: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
}

/** Counts one request in `bucket`'s current window and says whether it is within `limit`. */
export async function hitRateLimit(bucket: string, limit: Limit, now: Date = new Date()): Promise<Hit> {
  const start = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  const [row] = await query<{ hits: number }>(
    db(),
    sql`insert into rate_limits (bucket, window_start, hits) values (${bucket}, ${new Date(start).toISOString()}, 1)
        on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1
        returning hits`,
  );
  const hits = Number(row!.hits);
  // The first hit of a window clears the bucket's earlier windows, so the table stays small.
  if (hits === 1)
    await db().execute(
      sql`delete from rate_limits where bucket = ${bucket} and window_start < ${new Date(start).toISOString()}`,
    );
  return { allowed: hits <= limit.hits, hits, retryAfter: Math.ceil((start + limit.windowMs - now.getTime()) / 1000) };
}

/**
 * The client's address for a per-address limit, or null when it cannot be known: the address the
 * app's server resolved from the socket and TRUSTED_PROXIES (lib/request.ts, lib/http/edge.mjs).
 * One IPv6 client usually holds a whole /64: the prefix is counted, or it could rotate addresses freely.
 */
export function clientAddress(headers: { get(name: string): string | null }): string | null {
  const address = clientAddressOf(headers);
  if (!address || !isIP(address)) return null;
  return isIP(address) === 6 ? `${ipv6Prefix64(address)}::/64` : address;
}

function ipv6Prefix64(address: string): string {
  const [left = '', right = ''] = address.split('::');
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = address.includes('::') ? [...l, ...Array(8 - l.length - r.length).fill('0'), ...r] : l;
  return groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':');
}
