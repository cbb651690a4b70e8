import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '@/db/client';
import type { Role } from '@/db/schema';
import type { OperatorUser } from '@/lib/auth/guards';
import type { SessionUser } from '@/lib/auth/session';
import { createOperator } from '@/lib/operators/service';
import { createUserRow } from '@/lib/users/create';

// The demo's accounts: a platform administrator, the demo operator, and one account per role of it.
// Passwords are random per demo (the demo may be reachable from a network); they are printed at
// every start and kept in the demo folder only.

export const DEMO_OPERATOR = { code: 'DEMO', nameKm: 'មូលនិធិគាំពារសង្គមសាកល្បង', nameEn: 'Demo Social Protection Fund' };

export type DemoRole = Role | 'platform_admin';

export interface DemoAccount {
  role: DemoRole;
  email: string;
  password: string;
  name: string;
}

const STAFF: { role: Role; name: string; local: string }[] = [
  { role: 'operator_admin', name: 'សុខ ដារ៉ា (Sok Dara)', local: 'admin' },
  { role: 'enrolment_officer', name: 'ចាន់ សុភា (Chan Sophea)', local: 'enrolment' },
  { role: 'payment_officer', name: 'កែវ វុទ្ធី (Keo Vuthy)', local: 'payments' },
  { role: 'payment_approver', name: 'មាស ចិន្តា (Meas Chenda)', local: 'approver' },
  { role: 'grievance_officer', name: 'ហេង បុប្ផា (Heng Bopha)', local: 'grievances' },
  { role: 'viewer', name: 'លី សំណាង (Ly Samnang)', local: 'viewer' },
];

/** 20 characters of letters and digits in groups, easy to copy from a terminal. */
export function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(18);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 6).join('')}-${chars.slice(6, 12).join('')}-${chars.slice(12, 18).join('')}`;
}

export interface DemoTeam {
  operatorId: string;
  accounts: DemoAccount[];
  /** Each role's user as the domain functions take it. */
  as: Record<Role, OperatorUser>;
}

function sessionUser(id: string, email: string, name: string, o: Partial<SessionUser>): SessionUser {
  return {
    id,
    sessionId: 'demo-seed',
    operatorId: null,
    email,
    name,
    roles: [],
    isPlatformAdmin: false,
    locale: null,
    mustChangePassword: false,
    operatorCode: null,
    ...o,
  };
}

export async function createDemoTeam(domain = 'demo.example.org'): Promise<DemoTeam> {
  const platform: DemoAccount = {
    role: 'platform_admin',
    email: `platform@${domain}`,
    password: demoPassword(),
    name: 'Platform administrator',
  };
  const platformId = await db().transaction((tx) =>
    createUserRow(tx, null, {
      operatorId: null,
      email: platform.email,
      name: platform.name,
      password: platform.password,
      roles: [],
      isPlatformAdmin: true,
      mustChangePassword: false,
    }),
  );
  const { id: operatorId } = await createOperator(
    sessionUser(platformId, platform.email, platform.name, { isPlatformAdmin: true }),
    DEMO_OPERATOR,
  );
  const accounts: DemoAccount[] = [platform];
  const as = {} as Record<Role, OperatorUser>;
  for (const s of STAFF) {
    const account: DemoAccount = {
      role: s.role,
      email: `${s.local}@${domain}`,
      password: demoPassword(),
      name: s.name,
    };
    // The operator's administrator is created by the platform administrator, the rest by the operator's administrator.
    const creator = s.role === 'operator_admin' ? { id: platformId } : as.operator_admin;
    const id = await db().transaction((tx) =>
      createUserRow(tx, creator, {
        operatorId,
        email: account.email,
        name: account.name,
        password: account.password,
        roles: [s.role],
        // Demo accounts sign in straight away; a real administrator's staff choose their own at first sign-in.
        mustChangePassword: false,
      }),
    );
    accounts.push(account);
    as[s.role] = sessionUser(id, account.email, account.name, {
      operatorId,
      roles: [s.role],
      operatorCode: DEMO_OPERATOR.code,
    }) as OperatorUser;
  }
  return { operatorId, accounts, as };
}
