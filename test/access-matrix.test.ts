import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { ROLES, users } from '@/db/schema';
import { can } from '@/lib/auth/policy';
import type { Access, Rule, Rules } from './access-rules/types';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

/**
 * Every server action and route handler in app/ is found on disk and must have a rule in
 * test/access-rules/ (one file per area): a new entry point without one fails this test.
 * Each is then called as every kind of caller.
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const root = path.resolve(import.meta.dirname, '..');
const entryFiles = files(path.join(root, 'app'))
  .filter((f) => /\.(ts|tsx)$/.test(f))
  .filter((f) => path.basename(f) === 'route.ts' || /^\s*['"]use server['"]/.test(readFileSync(f, 'utf8')))
  .map((f) => path.relative(root, f).split(path.sep).join('/'));
const ruleFiles = readdirSync(path.join(root, 'test', 'access-rules')).filter((f) => f !== 'types.ts' && f.endsWith('.ts'));

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

/** Calls an action or a route handler; says whether the caller got through. */
async function call(key: string, fn: Fn, rule: Rule, ctx: { operatorId: string }): Promise<'allowed' | 'refused' | 'not found'> {
  try {
    if (key.includes('/route.ts#')) {
      const r = await rule.request!(ctx);
      const init = { method: r.method ?? 'GET', body: r.body === undefined ? undefined : JSON.stringify(r.body) };
      const res = (await fn(new NextRequest(r.url, init), { params: Promise.resolve(r.params ?? {}) })) as Response;
      if (res.status === 404) return 'not found';
      return REFUSED_STATUS.includes(res.status) ? 'refused' : res.status >= 500 ? failWith(`${key}: HTTP ${res.status}`) : 'allowed';
    }
    const result = (await fn(await rule.input?.(ctx))) as { ok: boolean; code?: string } | undefined;
    if (result?.ok === false && result.code === 'NOT_FOUND') return 'not found';
    if (result?.ok === false && REFUSED_CODES.includes(result.code!)) return 'refused';
    if (result?.ok === false) return failWith(`${key} failed for a reason other than access: ${JSON.stringify(result)}`);
    return 'allowed';
  } catch (e) {
    // signOutAction ends with redirect('/signin'), which Next implements by throwing.
    if (e instanceof Error && String((e as { digest?: string }).digest ?? '').startsWith('NEXT_REDIRECT')) return 'allowed';
    throw e;
  }
}

function failWith(message: string): never {
  throw new Error(message);
}

describe('access-control matrix', () => {
  const principals: Principal[] = [];
  let opA: string;
  let opB: string;

  beforeAll(async () => {
    for (const f of ruleFiles) Object.assign(RULES, ((await import(path.join(root, 'test', 'access-rules', f))) as { rules: Rules }).rules);
    for (const f of entryFiles) {
      const mod = (await import(path.join(root, f))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') entries.set(`${f}#${name}`, value as Fn);
    }
    opA = (await makeOperator()).id;
    opB = (await makeOperator()).id;
    const add = async (label: string, o: Partial<Principal> & { operatorId: string | null }) => {
      const user = await makeUser({ operatorId: o.operatorId, roles: o.roles as never, isPlatformAdmin: o.isPlatformAdmin,
        active: o.active, mustChangePassword: o.mustChangePassword });
      principals.push({ label, userId: user.id, isPlatformAdmin: false, roles: [], active: true, mustChangePassword: false, ...o });
    };
    principals.push({ label: 'signed out', userId: null, operatorId: null, isPlatformAdmin: false, roles: [], active: false, mustChangePassword: false });
    await add('platform administrator', { operatorId: null, isPlatformAdmin: true });
    for (const role of ROLES) await add(role, { operatorId: opA, roles: [role] });
    await add('deactivated operator_admin', { operatorId: opA, roles: ['operator_admin'], active: false });
    await add('operator_admin who must change password', { operatorId: opA, roles: ['operator_admin'], mustChangePassword: true });
    await add('operator_admin of another operator', { operatorId: opB, roles: ['operator_admin'] });
  });

  it('finds the entry points on disk, and every one has a rule', () => {
    expect(entries.size).toBeGreaterThan(0);
    const missing = [...entries.keys()].filter((k) => !RULES[k]);
    expect(missing, 'entry points without an access rule').toEqual([]);
    const stale = Object.keys(RULES).filter((k) => !entries.has(k));
    expect(stale, 'rules for entry points that no longer exist').toEqual([]);
    const routesWithoutRequest = Object.entries(RULES).filter(([k, r]) => k.includes('/route.ts#') && !r.request).map(([k]) => k);
    expect(routesWithoutRequest).toEqual([]);
  });

  it('allows and refuses every caller as the rules say', async () => {
    const mismatches: string[] = [];
    for (const [key, fn] of entries) {
      const rule = RULES[key];
      if (!rule) continue;
      for (const p of principals) {
        // An earlier call (a password change, say) may have altered the caller: restore it as declared.
        if (p.userId) await db().update(users).set({ active: p.active, mustChangePassword: p.mustChangePassword }).where(eq(users.id, p.userId));
        await signInAs(p.userId);
        const outcome = await call(key, fn, rule, { operatorId: p.operatorId ?? opA });
        const expected = rule.alwaysRefused ? 'refused' : expectedAllowed(rule.access, p) ? 'allowed' : 'refused';
        const got = outcome === 'not found' ? 'refused' : outcome;
        if (got !== expected) mismatches.push(`${key} as ${p.label}: ${outcome}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);

  it("answers another operator's record as not found", async () => {
    const adminB = await makeUser({ operatorId: opB, roles: ['operator_admin'] });
    const cross = Object.entries(RULES).filter(([, r]) => r.crossOperator);
    expect(cross.length).toBeGreaterThan(0);
    for (const [key, rule] of cross) {
      await signInAs(adminB.id);
      // The record belongs to operator A; B's administrator (who has the role) asks for it.
      const outcome = await call(key, entries.get(key)!, rule, { operatorId: opA });
      expect(outcome, key).toBe('not found');
    }
  });
});
