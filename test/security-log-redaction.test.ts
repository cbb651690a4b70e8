import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { members, users } from '@/db/schema';
import { loggerOptions } from '@/lib/log';
import { redactConsole } from '@/lib/log-redact';
import { makeOperator, makeUser } from './helpers/fixtures';

// Issue 12, point 4: a failed query's parameters (a person's name) were written to the log. Whatever
// logs an error — pino (lib/log.ts) or the console Next prints uncaught errors with — keeps the SQL
// text and the PostgreSQL code and loses the values.

const NAME = 'Sokunthea Chanmony';
const EMAIL = 'sokunthea.chanmony@example.org';

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('the query did not fail');
}

function pinoLines() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: pino({ ...loggerOptions, level: 'info' }, sink) };
}

function fakeConsole() {
  const out: string[] = [];
  const push = (...args: unknown[]) => out.push(args.map(String).join(' '));
  const target = { error: push, warn: push, log: push, info: push };
  redactConsole(target);
  return { out, target };
}

describe('a failed query in the log', () => {
  it('keeps the SQL text and the code, never the parameter (a name in a uuid column)', async () => {
    const e = await failure(() => db().select().from(members).where(eq(members.id, NAME)));
    // Without redaction both the driver's message and drizzle's "params:" line carry the name.
    expect(String((e as Error).message) + String((e as Error).cause)).toContain(NAME);

    const { lines, log } = pinoLines();
    log.error({ err: e }, 'api request failed');
    log.error({ error: e, requestId: 'r' }, 'action failed');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(NAME);
      expect(line).not.toContain('Sokunthea');
      const parsed = JSON.parse(line) as { err?: Record<string, unknown>; error?: Record<string, unknown> };
      const err = (parsed.err ?? parsed.error)!;
      expect(String(err.query ?? err.message)).toMatch(/from "members"/);
      expect(JSON.stringify(err)).toContain('22P02');
    }
  });

  it('hides a unique violation’s row (an e-mail address in `detail`)', async () => {
    const operatorId = (await makeOperator()).id;
    await makeUser({ operatorId, email: EMAIL });
    const e = await failure(() => makeUser({ operatorId, email: EMAIL }));
    const { lines, log } = pinoLines();
    log.error({ err: e }, 'failed');
    expect(lines[0]).not.toContain(EMAIL);
    expect(lines[0]).not.toContain('sokunthea');
    expect(lines[0]).toContain('23505');
  });

  it('hides it from the console too, as Next prints an uncaught error (alone, after a prefix, as its stack)', async () => {
    const e = await failure(() =>
      db().execute(sql`select count(*) from ${users} where ${users.id} = ${NAME} and ${users.name} = ${NAME}`),
    );
    const { out, target } = fakeConsole();
    target.error(e);
    target.error(' ⨯', e);
    target.error(`Error: ${(e as Error).stack}`);
    target.warn('failed: %s', (e as Error).message);
    target.error({ digest: '123', err: e });
    expect(out).toHaveLength(5);
    for (const line of out) expect(line).not.toContain(NAME);
    expect(out[0]).toContain('select count(*)');
    expect(out[0]).toContain('22P02');
  });
});
