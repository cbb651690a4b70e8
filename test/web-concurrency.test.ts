// WEB_CONCURRENCY: how many server processes scripts/server.mjs runs (lib/http/cluster.mjs). That
// two processes serve one address with shared sessions is in e2e/platform/multi-instance.spec.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebConcurrency } from '@/lib/http/cluster.mjs';

const SERVER = path.resolve(__dirname, '..', 'scripts', 'server.mjs');

function startServer(env: Record<string, string>) {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  delete clean.DATABASE_URL;
  return spawnSync(process.execPath, [SERVER], {
    env: { ...clean, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('WEB_CONCURRENCY', () => {
  it('reads a number of processes, auto (one per core), or nothing (one)', () => {
    expect(parseWebConcurrency(undefined, 8)).toBe(1);
    expect(parseWebConcurrency('', 8)).toBe(1);
    expect(parseWebConcurrency(' 3 ', 8)).toBe(3);
    expect(parseWebConcurrency('auto', 2)).toBe(2);
    expect(parseWebConcurrency('AUTO', 0)).toBe(1);
    for (const bad of ['0', '-1', '65', '1.5', 'two', '2x'])
      expect(() => parseWebConcurrency(bad, 8), bad).toThrow(/WEB_CONCURRENCY must be/);
  });

  it('the server refuses a value it cannot read, and more than one process on the embedded database', () => {
    const bad = startServer({ WEB_CONCURRENCY: 'many' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('WEB_CONCURRENCY must be a number of processes from 1 to 64, or auto');
    const embedded = startServer({ WEB_CONCURRENCY: '2' });
    expect(embedded.status).toBe(1);
    expect(embedded.stderr).toContain('WEB_CONCURRENCY above 1 needs DATABASE_URL');
  });
});
