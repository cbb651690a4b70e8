import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, vi } from 'vitest';
import { installDbHandle, openPglite, openPostgres, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { cookieStore, requestHeaders } from './request';

vi.mock('next/headers', () => ({
  cookies: async () => cookieStore,
  headers: async () => requestHeaders,
}));

// next-auth require()s next/headers at call time, out of vi.mock's reach: point that at the same request.
const shim = path.join(import.meta.dirname, 'next-headers-shim.cjs');
const Module = createRequire(import.meta.url)('node:module') as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
const resolve = Module._resolveFilename;
Module._resolveFilename = (request: string, ...rest: unknown[]) =>
  request === 'next/headers' ? shim : resolve.call(Module, request, ...rest);

// Each test file gets its own database: a fresh PostgreSQL database when TEST_DATABASE_URL is
// set (CI), else an in-memory PGlite.
const baseUrl = process.env.TEST_DATABASE_URL;
let handle: DbHandle;
let dbName: string | undefined;

export function databaseUrl(name: string): string {
  const u = new URL(baseUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

beforeAll(async () => {
  if (baseUrl) {
    dbName = `sdp_t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    handle = openPostgres(databaseUrl(dbName), 5);
  } else {
    handle = openPglite();
  }
  await runMigrations(handle);
  installDbHandle(handle);
});

afterAll(async () => {
  await handle?.close();
  if (baseUrl && dbName) {
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});
