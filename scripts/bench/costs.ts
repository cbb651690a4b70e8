// npm run bench -- --costs: what each step around a search costs, one step at a time, in this
// process (CPU per call, which the machine's other work disturbs far less than latencies): the
// pieces a profile of an authenticated /api/v1/search request showed, before and after issue 15.
// The database steps are timed as round trips on one connection (their wall time).
import { hkdfSync } from 'node:crypto';
import { encode, decode } from 'next-auth/jwt';
import { sql } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import type { DbHandle } from '@/db/client';
import { decodeSessionToken } from '@/lib/auth/token';
import { parseTrustedProxies, refusal, resolveClient, rewriteHeaders } from '@/lib/http/edge.mjs';
import { rootLogger } from '@/lib/log';
import { searchParamsSchema } from '@/lib/search/schema';

const SECRET = 'a-benchmark-secret-of-more-than-32-characters';
const out = (line: string) => process.stdout.write(`${line}\n`);

async function perCall(label: string, n: number, step: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await step();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await step();
  const wall = (performance.now() - started) / n;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / n;
  out(`${label.padEnd(58)} ${cpuMs.toFixed(3).padStart(7)} ms CPU ${wall.toFixed(3).padStart(7)} ms wall`);
  return cpuMs;
}

export async function costs(handle: DbHandle): Promise<void> {
  const token = await encode({ token: { sid: '6f1c2d3e-4b5a-4978-8a6b-1c2d3e4f5a6b' }, secret: SECRET });
  out(`${'step (per call)'.padEnd(58)} ${'CPU'.padStart(10)} ${'wall'.padStart(12)}`);
  await perCall('cookie: HKDF key derivation (next-auth, every decode)', 2000, () =>
    hkdfSync('sha256', SECRET, '', 'NextAuth.js Generated Encryption Key', 32),
  );
  await perCall('cookie: next-auth decode (before; twice per request)', 2000, () => decode({ token, secret: SECRET }));
  await perCall('cookie: decodeSessionToken, key cached (after; once)', 2000, () => decodeSessionToken(token, SECRET));
  const db = handle.db;
  await perCall('session row: users ⋈ sessions ⋈ operators (before: twice)', 500, () =>
    db.execute(sql`select u.id, u.roles, o.code from users u left join operators o on o.id = u.operator_id limit 1`),
  );
  await perCall('transaction set-up: begin, set_config ×4, commit', 500, () =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('statement_timeout', '5s', true),
        set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`);
    }),
  );
  await perCall('zod: the search query string parsed', 20_000, () =>
    searchParamsSchema.safeParse({ q: 'sok dara', province: '12', sex: 'F', ageMin: '18' }),
  );
  const hits = Array.from({ length: 25 }, (_, i) => ({
    memberId: '6f1c2d3e-4b5a-4978-8a6b-1c2d3e4f5a6b',
    surnameKm: 'សុខ',
    givenNameKm: 'ដារ៉ា',
    surnameLatin: 'Sok',
    givenNameLatin: 'Dara',
    sex: 'F',
    birthDate: '1980-05-17',
    birthYear: 1980,
    birthEstimated: false,
    status: 'active',
    khmerIdMasked: '******123',
    spid: null,
    householdId: '6f1c2d3e-4b5a-4978-8a6b-1c2d3e4f5a6b',
    householdCode: `BNCH-${i}`,
    villageCode: '01020101',
    villageNameKm: 'អូរធំ',
    villageNameLatin: 'Ou Thum',
    communeNameKm: 'បន្ទាយនាង',
    communeNameLatin: 'Banteay Neang',
  }));
  await perCall('JSON: a page of 25 hits as a NextResponse', 5000, () =>
    NextResponse.json({ items: hits, nextCursor: 'x', matchedAs: ['latinName'], sort: 'latin' }),
  );
  await perCall('pino: a request logger (only made when a request fails)', 20_000, () =>
    rootLogger.child({ requestId: 'x' }).debug('not written at warn'),
  );
  const trust = parseTrustedProxies('');
  await perCall('edge layer: client, forwarded headers, refusal check', 50_000, () => {
    const headers: Record<string, string> = { host: 'localhost:3000', cookie: 'next-auth.session-token=abc' };
    const client = resolveClient({ socketAddress: '127.0.0.1', encrypted: false, headers }, trust);
    rewriteHeaders(headers, client, 'token');
    return refusal({ method: 'GET', url: '/api/v1/search?q=x', headers }, client);
  });
}
