import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { ROLES, users } from '@/db/schema';
import { can, type Area } from '@/lib/auth/policy';
import { makeOperator, makeUser, PASSWORD, signInAs } from './helpers/fixtures';

/**
 * Every server action and route handler in app/ is found on disk and must have a rule here:
 * a new entry point without one fails this test. Each is then called as every kind of caller.
 */
type Access = 'public' | 'signedIn' | 'passwordChange' | Area;
interface Ctx { operatorId: string }
interface Rule {
  access: Access;
  input?: (ctx: Ctx) => Promise<unknown> | unknown;
  /** Refused for every caller, e.g. the setup action without a valid one-time token. */
  alwaysRefused?: boolean;
}

const uniq = () => randomUUID().slice(0, 8);
const code = () => `T${randomUUID().replace(/[^0-9A-F]/gi, '').slice(0, 8).toUpperCase()}`;
const NEW_PASSWORD = 'Another-Long-Passphrase-77';

const RULES: Record<string, Rule> = {
  'app/actions.ts#signOutAction': { access: 'public' },
  'app/actions.ts#setLocaleAction': { access: 'passwordChange', input: () => ({ locale: 'en' }) },
  'app/actions.ts#setLocaleCookieAction': { access: 'public', input: () => ({ locale: 'km' }) },
  'app/(public)/setup/actions.ts#completeSetupAction': {
    access: 'public', alwaysRefused: true,
    input: () => ({ token: 'guessed-token', email: `s-${uniq()}@example.org`, name: 'X', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
  },
  'app/(app)/account/actions.ts#changePasswordAction': {
    access: 'passwordChange', input: () => ({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
  },
  'app/(app)/admin/operators/actions.ts#createOperatorAction': {
    access: 'operators', input: () => ({ code: code(), nameKm: 'មូលនិធិ', nameEn: 'Fund' }),
  },
  'app/(app)/admin/operators/actions.ts#setOperatorActiveAction': {
    access: 'operators', input: async () => ({ operatorId: (await makeOperator(code())).id, active: false }),
  },
  'app/(app)/admin/operators/actions.ts#createOperatorAdminAction': {
    access: 'operators',
    input: async () => ({ operatorId: (await makeOperator(code())).id, email: `a-${uniq()}@example.org`, name: 'Admin', password: NEW_PASSWORD }),
  },
  'app/(app)/admin/users/actions.ts#createUserAction': {
    access: 'users', input: () => ({ email: `n-${uniq()}@example.org`, name: 'New', roles: ['viewer'], password: NEW_PASSWORD }),
  },
  'app/(app)/admin/users/actions.ts#updateUserAction': {
    access: 'users', input: async (ctx) => ({ userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id, name: 'Renamed', roles: ['viewer', 'enrolment_officer'] }),
  },
  'app/(app)/admin/users/actions.ts#setUserActiveAction': {
    access: 'users', input: async (ctx) => ({ userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id, active: false }),
  },
  'app/(app)/admin/users/actions.ts#resetUserPasswordAction': {
    access: 'users', input: async (ctx) => ({ userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id, password: NEW_PASSWORD }),
  },
  'app/api/health/route.ts#GET': { access: 'public' },
  'app/api/auth/[...nextauth]/route.ts#GET': { access: 'public' },
  'app/api/auth/[...nextauth]/route.ts#POST': { access: 'public' },
};

/** Entry points that actually record-target another operator's data, called by operator B's admin. */
const CROSS_OPERATOR = [
  'app/(app)/admin/users/actions.ts#updateUserAction',
  'app/(app)/admin/users/actions.ts#setUserActiveAction',
  'app/(app)/admin/users/actions.ts#resetUserPasswordAction',
];

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

type Fn = (...args: unknown[]) => Promise<unknown>;
const entries = new Map<string, Fn>();

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

async function call(key: string, fn: Fn, input: unknown): Promise<'allowed' | 'refused'> {
  try {
    if (key.includes('/route.ts#')) {
      const url = key.includes('nextauth') ? 'http://localhost/api/auth/csrf' : 'http://localhost/api/health';
      const res = (await fn(new NextRequest(url, { method: key.endsWith('#POST') ? 'POST' : 'GET' }),
        { params: Promise.resolve({ nextauth: ['csrf'] }) })) as Response;
      return res.status === 401 || res.status === 403 ? 'refused' : 'allowed';
    }
    const result = (await fn(input)) as { ok: boolean; code?: string } | undefined;
    if (result && result.ok === false && ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PASSWORD_CHANGE_REQUIRED'].includes(result.code!)) {
      return 'refused';
    }
    if (result && result.ok === false) throw new Error(`${key} failed for a reason other than access: ${JSON.stringify(result)}`);
    return 'allowed';
  } catch (e) {
    // signOutAction ends with redirect('/signin'), which Next implements by throwing.
    if (e instanceof Error && String((e as { digest?: string }).digest ?? '').startsWith('NEXT_REDIRECT')) return 'allowed';
    throw e;
  }
}

describe('access-control matrix', () => {
  const principals: Principal[] = [];
  let opA: string;
  let opB: string;

  beforeAll(async () => {
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
  });

  it('allows and refuses every caller as the rules say', async () => {
    const mismatches: string[] = [];
    for (const [key, fn] of entries) {
      const rule = RULES[key];
      if (!rule) continue;
      for (const p of principals) {
        const input = await rule.input?.({ operatorId: p.operatorId ?? opA });
        // An earlier call (a password change, say) may have altered the caller: restore it as declared.
        if (p.userId) await db().update(users).set({ active: p.active, mustChangePassword: p.mustChangePassword }).where(eq(users.id, p.userId));
        await signInAs(p.userId);
        const outcome = await call(key, fn, input);
        const expected = rule.alwaysRefused ? 'refused' : expectedAllowed(rule.access, p) ? 'allowed' : 'refused';
        if (outcome !== expected) mismatches.push(`${key} as ${p.label}: ${outcome}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);

  it("answers another operator's record as not found", async () => {
    const adminB = await makeUser({ operatorId: opB, roles: ['operator_admin'] });
    for (const key of CROSS_OPERATOR) {
      const input = await RULES[key]!.input!({ operatorId: opA });
      await signInAs(adminB.id);
      const result = (await entries.get(key)!(input)) as { ok: boolean; code?: string };
      expect(result, key).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    }
  });
});
