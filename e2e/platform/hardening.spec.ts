import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { asPlatformAdmin } from '../fixtures/provision';

// The production server as an attacker meets it (issue 12): a body refused before it is read, forwarded
// headers and other origins not believed, paths and action bodies that would make Next answer 500.

const base = new URL(process.env.E2E_BASE_URL ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`);
const port = Number(base.port);

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** A raw HTTP/1.1 exchange: the head, and the body (or none, however long the head says it is). */
function exchange(head: Record<string, string | number>, firstLine: string, body = ''): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const lines = Object.entries({ host: base.host, connection: 'close', ...head }).map(([k, v]) => `${k}: ${v}`);
    const socket = connect(port, base.hostname === 'localhost' ? '127.0.0.1' : base.hostname, () =>
      socket.write(`${firstLine}\r\n${lines.join('\r\n')}\r\n\r\n${body}`),
    );
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (data += d));
    socket.on('error', (e) => (data ? undefined : reject(e)));
    socket.on('close', () => {
      const [top = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(top.split(' ')[1]), body: rest.join('\r\n\r\n'), ms: Date.now() - started });
    });
    setTimeout(() => socket.destroy(), 15_000);
  });
}

/** The server actions of the build being tested, by file and name. */
function actions(): { id: string; file: string; name: string }[] {
  const manifest = JSON.parse(readFileSync(path.join('.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, a]) => ({ id, file: a.filename, name: a.exportedName }));
}

async function sessionCookie(browser: import('@playwright/test').Browser): Promise<string> {
  return asPlatformAdmin(browser, async (page) => {
    const cookies = await page.context().cookies();
    return cookies
      .filter((c) => c.name.includes('next-auth'))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  });
}

test('a 50 MB server action body is refused before it is sent: 401 signed out, 413 signed in', async ({ browser }) => {
  const enrol = actions().find((a) => a.name === 'enrolHouseholdAction')!;
  const head = {
    'next-action': enrol.id,
    'content-type': 'text/plain;charset=UTF-8',
    'content-length': 50 * 1024 * 1024,
    origin: base.origin,
  };
  // Only the head goes out: that an answer comes at all shows the server did not wait for 50 MB.
  const anonymous = await exchange(head, 'POST /households/new HTTP/1.1');
  expect(anonymous.status).toBe(401);
  const cookie = await sessionCookie(browser);
  const signedIn = await exchange({ ...head, cookie }, 'POST /households/new HTTP/1.1');
  expect(signedIn.status).toBe(413);
  expect(JSON.parse(signedIn.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  // A body with no length is not a form: refused rather than read.
  const { ['content-length']: _declared, ...unmeasured } = head;
  const chunked = await exchange(
    { ...unmeasured, 'transfer-encoding': 'chunked', cookie },
    'POST /households/new HTTP/1.1',
    '2\r\n[]\r\n0\r\n\r\n',
  );
  expect(chunked.status).toBe(411);
});

test('paths that do not decode are 400, not 500', async ({ request }) => {
  for (const p of ['/households/%d8', '/members/%ff', '/api/v1/households/%d8', '/api/v1/members/%E0%A4%A']) {
    const res = await request.get(p, { maxRedirects: 0 });
    expect(res.status(), p).toBe(400);
  }
});

test('a server action from another origin is 403, even with X-Forwarded-Host naming that origin', async ({
  browser,
}) => {
  const cookie = await sessionCookie(browser);
  const enrol = actions().find((a) => a.name === 'enrolHouseholdAction')!;
  const body = '[{}]';
  const head = {
    'next-action': enrol.id,
    'content-type': 'text/plain;charset=UTF-8',
    'content-length': body.length,
    cookie,
  };
  const evil = await exchange(
    { ...head, origin: 'http://evil.test', 'x-forwarded-host': 'evil.test' },
    'POST /households/new HTTP/1.1',
    body,
  );
  expect(evil.status).toBe(403);
  // The same call from the app's own origin reaches the action, whose own guard answers (a platform
  // administrator does not enrol households).
  const own = await exchange({ ...head, origin: base.origin }, 'POST /households/new HTTP/1.1', body);
  expect(own.status).toBe(200);
  expect(own.body).toContain('"ok":false,"code":"FORBIDDEN"');
});

test('hand-made action bodies are 400 for every server action of the build, never 500', async ({ browser }) => {
  const cookie = await sessionCookie(browser);
  const hostile = [
    '{',
    'null',
    '"text"',
    '{"a":1}',
    '['.repeat(5000) + ']'.repeat(5000),
    '["$Q7"]',
    '["$@1"]',
    '["$1"]',
    '["$Zx"]',
  ];
  const all = actions();
  expect(all.length).toBeGreaterThan(40);
  const statuses = new Map<number, number>();
  for (const action of all)
    for (const body of hostile) {
      const res = await exchange(
        {
          'next-action': action.id,
          'content-type': 'text/plain;charset=UTF-8',
          'content-length': Buffer.byteLength(body),
          origin: base.origin,
          cookie,
        },
        'POST / HTTP/1.1',
        body,
      );
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${action.file} ${action.name}: ${body.slice(0, 20)}`).toBe(400);
    }
  console.log(`${all.length} actions × ${hostile.length} bodies: ${JSON.stringify(Object.fromEntries(statuses))}`);
});
