import { randomUUID } from 'node:crypto';
import { makeOperator, makeUser, PASSWORD } from '../helpers/fixtures';
import type { Rules } from './types';

const uniq = () => randomUUID().slice(0, 8);
const code = () => `T${randomUUID().replace(/[^0-9A-F]/gi, '').slice(0, 8).toUpperCase()}`;
const NEW_PASSWORD = 'Another-Long-Passphrase-77';

export const rules: Rules = {
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
  'app/(app)/admin/operators/actions.ts#setOperatorRepresentedPartyAction': {
    access: 'operators', input: async () => ({ operatorId: (await makeOperator(code())).id, camdxRepresentedParty: 'NGO/PWDF' }),
  },
  'app/(app)/admin/users/actions.ts#createUserAction': {
    access: 'users', input: () => ({ email: `n-${uniq()}@example.org`, name: 'New', roles: ['viewer'], password: NEW_PASSWORD }),
  },
  'app/(app)/admin/users/actions.ts#updateUserAction': {
    access: 'users', crossOperator: true,
    input: async (ctx) => ({ userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id, name: 'Renamed', roles: ['viewer', 'enrolment_officer'] }),
  },
  'app/(app)/admin/users/actions.ts#setUserActiveAction': {
    access: 'users', crossOperator: true,
    input: async (ctx) => ({ userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id, active: false }),
  },
  'app/(app)/admin/users/actions.ts#resetUserPasswordAction': {
    access: 'users', crossOperator: true,
    input: async (ctx) => ({ userId: (await makeUser({ operatorId: ctx.operatorId, roles: ['viewer'] })).id, password: NEW_PASSWORD }),
  },
  'app/api/health/route.ts#GET': { access: 'public', request: () => ({ url: 'http://localhost/api/health' }) },
  'app/api/auth/[...nextauth]/route.ts#GET': {
    access: 'public', request: () => ({ url: 'http://localhost/api/auth/csrf', params: { nextauth: ['csrf'] } }),
  },
  'app/api/auth/[...nextauth]/route.ts#POST': {
    access: 'public', request: () => ({ url: 'http://localhost/api/auth/csrf', method: 'POST', params: { nextauth: ['csrf'] } }),
  },
};
