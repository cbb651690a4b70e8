import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { ROLES, users } from '@/db/schema';
import { ACCESS, can } from '@/lib/auth/policy';
import type { Access, Answer, CrossCheck, Ctx, RequestSpec, Rule, Rules } from './access-rules/types';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

/**
 * Every server action (a 'use server' module anywhere in app/, components/ or lib/) and route
 * handler (a route.ts under app/) is found on disk and must have a rule in test/access-rules/
 * (one file per area): a new entry point without one fails this test. Each is then called as
 * every kind of caller, and again by another operator's administrator (see CrossCheck in types.ts).
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const root = path.resolve(import.meta.dirname, '..');
const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
const sourceFiles = ['app', 'components', 'lib']
  .flatMap((d) => files(path.join(root, d)))
  .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
/** 'use server' as the module's directive: first, after comments only. */
const SERVER_MODULE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use server['"]/;
const isRoute = (f: string) => rel(f).startsWith('app/') && /^route\.tsx?$/.test(path.basename(f));
const isRouteKey = (key: string) => /\/route\.tsx?#/.test(key);
const entryFiles = sourceFiles.filter((f) => isRoute(f) || SERVER_MODULE.test(readFileSync(f, 'utf8'))).map(rel);
/** 'use server' inside a function: an inline action, which the matrix cannot call by name. */
const inlineActions = sourceFiles
  .filter((f) =>
    readFileSync(f, 'utf8')
      .replace(SERVER_MODULE, '')
      .match(/^\s*['"]use server['"]/m),
  )
  .map(rel);
// types.ts and seed.ts (records for the cross-operator checks) hold no rules.
const ruleFiles = readdirSync(path.join(root, 'test', 'access-rules')).filter(
  (f) => !['types.ts', 'seed.ts'].includes(f) && f.endsWith('.ts'),
);

type Fn = (...args: unknown[]) => Promise<unknown>;
const entries = new Map<string, Fn>();
const RULES: Rules = {};

interface Principal {
  label: string;
  userId: string | null;
  operatorId: string | null;
  isPlatformAdmin: boolean;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
}

function expectedAllowed(access: Access, p: Principal): boolean {
  if (access === 'public') return true;
  if (!p.userId || !p.active) return false;
  if (access === 'passwordChange') return true;
  if (p.mustChangePassword) return false;
  if (access === 'signedIn') return true;
  return can(p, access) && (access === 'operators' || p.operatorId !== null);
}

const REFUSED_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PASSWORD_CHANGE_REQUIRED'];
const REFUSED_STATUS = [401, 403, 404];

/** What to send: an action's input, or a route's request. */
interface Send {
  input?: unknown;
  request?: RequestSpec;
}

async function sendOf(rule: Rule, ctx: Ctx): Promise<Send> {
  return { input: await rule.input?.(ctx), request: await rule.request?.(ctx) };
}

/** Calls an action or a route handler; says whether the caller got through, and what came back. */
async function call(key: string, fn: Fn, send: Send): Promise<Answer> {
  try {
    if (isRouteKey(key)) {
      const r = send.request!;
      // Form data (an upload) is sent as multipart, as a browser would; anything else as JSON.
      const body = r.body === undefined ? undefined : r.body instanceof FormData ? r.body : JSON.stringify(r.body);
      const init = { method: r.method ?? 'GET', body };
      const res = (await fn(new NextRequest(r.url, init), { params: Promise.resolve(r.params ?? {}) })) as Response;
      const text = await res.text();
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
      const outcome =
        res.status === 404
          ? 'not found'
          : REFUSED_STATUS.includes(res.status)
            ? 'refused'
            : res.status >= 500
              ? 'failed'
              : 'allowed';
      return { outcome, data, text: outcome === 'failed' ? `HTTP ${res.status} ${text}` : text };
    }
    const result = (await fn(send.input)) as { ok: boolean; code?: string; data?: unknown } | undefined;
    const text = JSON.stringify(result) ?? '';
    if (result?.ok === false && result.code === 'NOT_FOUND') return { outcome: 'not found', data: undefined, text };
    if (result?.ok === false && REFUSED_CODES.includes(result.code!))
      return { outcome: 'refused', data: undefined, text };
    // Failed for a reason other than access (invalid input, a conflict): the rule's input is wrong.
    if (result?.ok === false) return { outcome: 'failed', data: undefined, text };
    return { outcome: 'allowed', data: result?.data, text };
  } catch (e) {
    // signOutAction ends with redirect('/signin'), which Next implements by throwing.
    if (e instanceof Error && String((e as { digest?: string }).digest ?? '').startsWith('NEXT_REDIRECT'))
      return { outcome: 'allowed', data: undefined, text: '' };
    throw e;
  }
}

/** Operator areas: every role in them belongs to an operator, so another operator's administrator is let in too. */
const isOperatorArea = (access: Access) => Object.hasOwn(ACCESS, access);

/** The cross-operator checks a rule gets: its own, or 'notFound' by default in an operator area. */
function crossChecksOf(rule: Rule): readonly CrossCheck[] {
  if (rule.crossOperator === false) return [];
  if (rule.crossOperator === undefined) return isOperatorArea(rule.access) ? ['notFound'] : [];
  return Array.isArray(rule.crossOperator) ? rule.crossOperator : [rule.crossOperator as CrossCheck];
}

const describeCheck = (c: CrossCheck) =>
  typeof c === 'string' ? c : Object.keys(c).find((k) => k !== 'input' && k !== 'request')!;

describe('access-control matrix', () => {
  const principals: Principal[] = [];
  let opA: string;
  let opB: string;

  beforeAll(async () => {
    for (const f of ruleFiles)
      Object.assign(RULES, ((await import(path.join(root, 'test', 'access-rules', f))) as { rules: Rules }).rules);
    for (const f of entryFiles) {
      const mod = (await import(path.join(root, f))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod))
        if (typeof value === 'function') entries.set(`${f}#${name}`, value as Fn);
    }
    opA = (await makeOperator()).id;
    opB = (await makeOperator()).id;
    const add = async (label: string, o: Partial<Principal> & { operatorId: string | null }) => {
      const user = await makeUser({
        operatorId: o.operatorId,
        roles: o.roles as never,
        isPlatformAdmin: o.isPlatformAdmin,
        active: o.active,
        mustChangePassword: o.mustChangePassword,
      });
      principals.push({
        label,
        userId: user.id,
        isPlatformAdmin: false,
        roles: [],
        active: true,
        mustChangePassword: false,
        ...o,
      });
    };
    principals.push({
      label: 'signed out',
      userId: null,
      operatorId: null,
      isPlatformAdmin: false,
      roles: [],
      active: false,
      mustChangePassword: false,
    });
    await add('platform administrator', { operatorId: null, isPlatformAdmin: true });
    for (const role of ROLES) await add(role, { operatorId: opA, roles: [role] });
    await add('deactivated operator_admin', { operatorId: opA, roles: ['operator_admin'], active: false });
    await add('operator_admin who must change password', {
      operatorId: opA,
      roles: ['operator_admin'],
      mustChangePassword: true,
    });
    await add('operator_admin of another operator', { operatorId: opB, roles: ['operator_admin'] });
  });

  it('finds the entry points on disk, and every one has a rule', () => {
    expect(entries.size).toBeGreaterThan(0);
    expect(
      inlineActions,
      "inline 'use server' functions: move them to an actions module, which the matrix finds",
    ).toEqual([]);
    const missing = [...entries.keys()].filter((k) => !RULES[k]);
    expect(missing, 'entry points without an access rule').toEqual([]);
    const stale = Object.keys(RULES).filter((k) => !entries.has(k));
    expect(stale, 'rules for entry points that no longer exist').toEqual([]);
    const routesWithoutRequest = Object.entries(RULES)
      .filter(([k, r]) => isRouteKey(k) && !r.request)
      .map(([k]) => k);
    expect(routesWithoutRequest).toEqual([]);
  });

  it('allows and refuses every caller as the rules say', async () => {
    const mismatches: string[] = [];
    for (const [key, fn] of entries) {
      const rule = RULES[key];
      if (!rule) continue;
      for (const p of principals) {
        // An earlier call (a password change, say) may have altered the caller: restore it as declared.
        if (p.userId)
          await db()
            .update(users)
            .set({ active: p.active, mustChangePassword: p.mustChangePassword })
            .where(eq(users.id, p.userId));
        await signInAs(p.userId);
        const { outcome, text } = await call(key, fn, await sendOf(rule, { operatorId: p.operatorId ?? opA }));
        if (outcome === 'failed') {
          mismatches.push(`${key} as ${p.label} failed for a reason other than access: ${text.slice(0, 300)}`);
          continue;
        }
        const expected = rule.alwaysRefused ? 'refused' : expectedAllowed(rule.access, p) ? 'allowed' : 'refused';
        const got = outcome === 'not found' ? 'refused' : outcome;
        if (got !== expected) mismatches.push(`${key} as ${p.label}: ${outcome}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);

  it('checks every rule across operators, or says why not', () => {
    const unchecked = Object.entries(RULES)
      .filter(([, r]) => r.crossOperator !== false && crossChecksOf(r).length === 0)
      .map(([k]) => k);
    expect(unchecked, 'rules with no cross-operator check and no `crossOperator: false, reason`').toEqual([]);
    const noReason = Object.entries(RULES)
      .filter(([, r]) => r.crossOperator === false && !r.reason?.trim())
      .map(([k]) => k);
    expect(noReason, 'rules that opt out of the cross-operator check without a reason').toEqual([]);
  });

  it("gives another operator's administrator nothing of the operator's", async () => {
    // B's administrator holds every operator role, so is let into every operator area: only the
    // operator scope stands between them and A's records.
    const adminA = await makeUser({ operatorId: opA, roles: ['operator_admin'] });
    const adminB = await makeUser({ operatorId: opB, roles: ['operator_admin'] });
    const a: Ctx = { operatorId: opA };
    const b: Ctx = { operatorId: opB };
    const problems: string[] = [];
    const ran: string[] = [];

    const check = async (key: string, fn: Fn, rule: Rule, c: CrossCheck): Promise<string | null> => {
      const ownOr = async (
        input?: (a: Ctx, b: Ctx) => unknown,
        request?: (a: Ctx, b: Ctx) => Promise<RequestSpec> | RequestSpec,
      ): Promise<Send> => {
        const own = await sendOf(rule, a);
        return { input: input ? await input(a, b) : own.input, request: request ? await request(a, b) : own.request };
      };
      const expectAllowed = (ans: Answer) =>
        ans.outcome === 'allowed'
          ? null
          : `B's administrator: ${ans.outcome}, expected to be let in (${ans.text.slice(0, 200)})`;

      if (c === 'notFound' || 'notFoundWith' in c) {
        await signInAs(adminB.id);
        const send =
          c === 'notFound' ? await sendOf(rule, a) : await ownOr(c.notFoundWith.input, c.notFoundWith.request);
        const ans = await call(key, fn, send);
        return ans.outcome === 'not found'
          ? null
          : `B's administrator, naming A's record: ${ans.outcome}, expected not found (${ans.text.slice(0, 300)})`;
      }
      if ('sameAsUnknown' in c) {
        await signInAs(adminB.id);
        const { theirs, unknown } = await c.sameAsUnknown(a, b);
        const withTheirs = await call(
          key,
          fn,
          isRouteKey(key) ? { request: theirs as RequestSpec } : { input: theirs },
        );
        const withUnknown = await call(
          key,
          fn,
          isRouteKey(key) ? { request: unknown as RequestSpec } : { input: unknown },
        );
        return withTheirs.text === withUnknown.text
          ? null
          : `B's administrator, naming A's record, is answered ${withTheirs.text.slice(0, 300)}; naming none, ${withUnknown.text.slice(0, 300)}`;
      }
      if ('lists' in c) {
        await signInAs(adminA.id);
        const seeded = await c.lists(a);
        const send = {
          ...(await sendOf(rule, a)),
          ...('input' in seeded ? { input: seeded.input } : {}),
          ...(seeded.request ? { request: seeded.request } : {}),
        };
        const own = await call(key, fn, send);
        const unseen = seeded.markers.filter((m) => !own.text.includes(m));
        if (own.outcome !== 'allowed' || unseen.length > 0) {
          return `A's own administrator does not see ${unseen.join(', ') || 'the answer'} (${own.outcome}): the check would prove nothing`;
        }
        await signInAs(adminB.id);
        const ans = await call(key, fn, send);
        const leaked = seeded.markers.filter((m) => ans.text.includes(m));
        return expectAllowed(ans) ?? (leaked.length === 0 ? null : `B's administrator sees A's ${leaked.join(', ')}`);
      }
      if ('creates' in c) {
        await signInAs(adminB.id);
        const ans = await call(key, fn, await ownOr(c.input, c.request));
        const landed = ans.outcome === 'allowed' ? await c.creates(ans) : undefined;
        if (landed === opB) return null;
        return (
          expectAllowed(ans) ??
          `created ${landed === opA ? "under A's operator" : landed ? `under operator ${landed}` : 'nothing'}, expected under B's (${ans.text.slice(0, 300)})`
        );
      }
      const read = await c.leavesAlone(a);
      const before = await read();
      await signInAs(adminB.id);
      const ans = await call(key, fn, await ownOr(c.input));
      const after = await read();
      return (
        expectAllowed(ans) ??
        (isDeepStrictEqual(before, after)
          ? null
          : `A's record changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
      );
    };

    for (const [key, rule] of Object.entries(RULES)) {
      const fn = entries.get(key);
      if (!fn) continue;
      const checks = crossChecksOf(rule);
      for (const [i, c] of checks.entries()) {
        const label = `${key} (${describeCheck(c)}${checks.length > 1 ? `, check ${i + 1} of ${checks.length}` : ''})`;
        ran.push(label);
        try {
          const problem = await check(key, fn, rule, c);
          if (problem) problems.push(`${label}: ${problem}`);
        } catch (e) {
          problems.push(`${label} threw: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    expect(ran.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 120_000);
});
