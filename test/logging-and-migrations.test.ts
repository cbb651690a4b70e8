import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '@/db/client';
import { migrationsFolder, runMigrations } from '@/db/migrate';
import { loggerOptions } from '@/lib/log';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { databaseUrl } from './helpers/setup';

describe('structured logs', () => {
  it('are JSON lines with a request id, and never carry a password, token or personal data', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ ...loggerOptions, level: 'info' }, sink).child({ requestId: 'req-123' });
    log.info(
      { email: 'dara@example.org', password: 'Secret-Password-1', input: { password: 'x', token: 't', name: 'ដារ៉ា' } },
      'saved',
    );
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ requestId: 'req-123', msg: 'saved', email: '[redacted]', password: '[redacted]' });
    expect(lines[0]).not.toContain('Secret-Password-1');
    expect(lines[0]).not.toContain('dara@example.org');
    expect(lines[0]).not.toContain('ដារ៉ា');
  });
});

describe('password policy', () => {
  it('needs 12 characters and refuses common passwords, padded or not', () => {
    for (const bad of [
      'short',
      'password1234',
      'PASSWORD1234',
      'qwertyuiop123',
      '111111111111',
      'iloveyou!!!!',
      '2026cambodia2026',
    ]) {
      expect(newPasswordSchema.safeParse(bad).success, bad).toBe(false);
    }
    for (const good of ['Correct-Horse-42-Battery', 'ព្រះអាទិត្យរះលើអង្គរវត្ត', 'mekong river at dawn']) {
      expect(newPasswordSchema.safeParse(good).success, good).toBe(true);
    }
  });
});

describe('migrations', () => {
  it('are idempotent on the embedded database', async () => {
    const h = openPglite();
    await runMigrations(h);
    await runMigrations(h);
    const rows = await h.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBeGreaterThanOrEqual(2);
    await h.close();
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'are safe when several instances start at once on PostgreSQL',
    async () => {
      const postgres = (await import('postgres')).default;
      const name = `sdp_mig_${Date.now()}`;
      const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const handles = [0, 1, 2, 3].map(() => openPostgres(databaseUrl(name), 2));
      try {
        await Promise.all(handles.map((h) => runMigrations(h)));
        const check = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
        const [row] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
        const [trg] = await check`select count(*)::int as n from pg_trigger where tgname like 'audit_log_no_%'`;
        await check.end();
        const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
          entries: unknown[];
        };
        expect(row!.n).toBe(journal.entries.length);
        expect(trg!.n).toBe(2);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );
});
