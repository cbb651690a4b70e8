// Signing in as a person does (next-auth's credentials flow: the CSRF token, then the form), and the
// server actions' ids from the build's manifest (a page posts its action by id).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './processes';

/** The session cookie of a real sign-in. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const answer = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString(),
  });
  const session = answer.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in as ${email} failed (${answer.status})`);
  return session;
}

/** A server action's id, by the file and export that define it. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file} in the build`);
  return found[0];
}

/** How a page's client posts a server action with one plain argument (React's encodeReply of a JSON value). */
export function actionRequest(page: string, id: string, arg: unknown) {
  return {
    method: 'POST',
    path: page,
    headers: {
      'next-action': id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
    },
    body: JSON.stringify([arg]),
  };
}
