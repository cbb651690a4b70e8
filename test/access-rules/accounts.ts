import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { makeOperator, makeUser, PASSWORD } from '../helpers/fixtures';
import type { Rules } from './types';

const uniq = () => randomUUID().slice(0, 8);
const code = () =>
  `T${randomUUID()
    .replace(/[^0-9A-F]/gi, '')
    .slice(0, 8)
    .toUpperCase()}`;
const NEW_PASSWORD = 'Another-Long-Passphrase-77';

const OWN_ACCOUNT =
  "The caller's own session, language or password: the user comes from the session, never from the input, so there is no other operator's record to name.";
const PLATFORM =
  "Platform administrators only (area operators): they belong to no operator and act across operators by design; every operator's administrator is refused, as the matrix checks.";

export const rules: Rules = {
  'app/actions.ts#signOutAction': { access: 'public', crossOperator: false, reason: OWN_ACCOUNT },
  'app/actions.ts#setLocaleAction': {
    access: 'passwordChange',
    input: () => ({ locale: 'en' }),
    crossOperator: false,
    reason: OWN_ACCOUNT,
  },
  'app/actions.ts#setLocaleCookieAction': {
    access: 'public',
    input: () => ({ locale: 'km' }),
    crossOperator: false,
    reason: "A cookie on the caller's browser: no record, no operator.",
  },
  'app/(public)/setup/actions.ts#completeSetupAction': {
    access: 'public',
    alwaysRefused: true,
    input: () => ({
      token: 'guessed-token',
      email: `s-${uniq()}@example.org`,
      name: 'X',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }),
    crossOperator: false,
    reason:
      'First-run setup of the platform administrator (before any operator exists), refused without the one-time token.',
  },
  'app/(app)/account/actions.ts#changePasswordAction': {
    access: 'passwordChange',
    input: () => ({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    crossOperator: false,
    reason: OWN_ACCOUNT,
  },
  'app/(app)/admin/operators/actions.ts#createOperatorAction': {
    access: 'operators',
    input: () => ({ code: code(), nameKm: 'មូលនិធិ', nameEn: 'Fund' }),
    crossOperator: false,
    reason: PLATFORM,
  },
  'app/(app)/admin/operators/actions.ts#setOperatorActiveAction': {
    access: 'operators',
    input: async () => ({ operatorId: (await makeOperator(code())).id, active: false }),
    crossOperator: false,
    reason: PLATFORM,
  },
  'app/(app)/admin/operators/actions.ts#createOperatorAdminAction': {
    access: 'operators',
    input: async () => ({
      operatorId: (await makeOperator(code())).id,
      email: `a-${uniq()}@example.org`,
      name: 'Admin',
      password: NEW_PASSWORD,
    }),
    crossOperator: false,
    reason: PLATFORM,
  },
  'app/(app)/admin/operators/actions.ts#setOperatorRepresentedPartyAction': {
    access: 'operators',
    input: async () => ({ operatorId: (await makeOperator(code())).id, camdxRepresentedParty: 'NGO/PWDF' }),
    crossOperator: false,
    reason: PLATFORM,
  },
  'app/(app)/admin/users/actions.ts#createUserAction': {
    access: 'users',
    input: () => ({ email: `n-${uniq()}@example.org`, name: 'New', roles: ['viewer'], password: NEW_PASSWORD }),
    // B's administrator slips operator A's id into the form: the new user is still B's.
    crossOperator: {
      input: (a) => ({
        email: `n-${uniq()}@example.org`,
        name: 'New',
        roles: ['viewer'],
        password: NEW_PASSWORD,
        operatorId: a.operatorId,
      }),
      creates: async ({ data }) => {
        const id = (data as { id?: string } | undefined)?.id;
        if (!id) return undefined;
        const [u] = await db().select({ operatorId: users.operatorId }).from(users).where(eq(users.id, id));
        return u?.operatorId ?? undefined;
      },
    },
  },
  // Each names a staff member of ctx's operator: the default check (B's administrator gets not found).
  'app/(app)/admin/users/actions.ts#updateUserAction': {
    access: 'users',
    input: async (ctx) => ({
      userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id,
      name: 'Renamed',
      roles: ['viewer', 'enrolment_officer'],
    }),
  },
  'app/(app)/admin/users/actions.ts#setUserActiveAction': {
    access: 'users',
    input: async (ctx) => ({
      userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id,
      active: false,
    }),
  },
  'app/(app)/admin/users/actions.ts#resetUserPasswordAction': {
    access: 'users',
    input: async (ctx) => ({
      userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id,
      password: NEW_PASSWORD,
    }),
  },
  'app/api/health/route.ts#GET': {
    access: 'public',
    request: () => ({ url: 'http://localhost/api/health' }),
    crossOperator: false,
    reason: 'Public liveness probe: answers only whether the database is up.',
  },
  'app/api/auth/[...nextauth]/route.ts#GET': {
    access: 'public',
    request: () => ({ url: 'http://localhost/api/auth/csrf', params: { nextauth: ['csrf'] } }),
    crossOperator: false,
    reason: "next-auth's public endpoints (CSRF token, sign-in, sign-out): before any operator is known.",
  },
  'app/api/auth/[...nextauth]/route.ts#POST': {
    access: 'public',
    request: () => ({ url: 'http://localhost/api/auth/csrf', method: 'POST', params: { nextauth: ['csrf'] } }),
    crossOperator: false,
    reason: "next-auth's public endpoints (CSRF token, sign-in, sign-out): before any operator is known.",
  },
};
