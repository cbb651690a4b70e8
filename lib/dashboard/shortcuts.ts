import { can, type Principal } from '@/lib/auth/policy';

// The home page's shortcuts to a role's daily tasks: each shown only to roles whose areas allow the
// page it opens (the same map as the navigation and the guards), with the page's real filters.

export type ShortcutKey =
  | 'enrol'
  | 'search'
  | 'import'
  | 'recordGrievance'
  | 'grievancesToday'
  | 'myGrievances'
  | 'grievancesAtRisk'
  | 'grievancesBreached'
  | 'listsAwaitingApproval'
  | 'newPaymentList'
  | 'draftLists'
  | 'registryProblems';

export interface Shortcut {
  key: ShortcutKey;
  href: string;
}

/** `today` is the day in Phnom Penh (YYYY-MM-DD): "today's grievances" are those received on it. */
export function shortcutsFor(user: Principal, today: string): Shortcut[] {
  const out: Shortcut[] = [];
  const add = (key: ShortcutKey, href: string) => out.push({ key, href });
  if (can(user, 'enrolment')) add('enrol', '/households/new');
  if (can(user, 'households')) add('search', '/households');
  if (can(user, 'paymentApproval')) add('listsAwaitingApproval', '/payments?status=submitted');
  if (can(user, 'paymentLists')) {
    add('newPaymentList', '/payments/new');
    add('draftLists', '/payments?status=draft');
  }
  if (can(user, 'grievanceHandling')) {
    add('grievancesToday', `/grievances?from=${today}&to=${today}`);
    add('myGrievances', '/grievances?assignee=me');
    add('grievancesAtRisk', '/grievances?sla=at_risk');
  }
  if (can(user, 'grievanceSettings')) add('grievancesBreached', '/grievances?sla=breached');
  if (can(user, 'grievanceIntake')) add('recordGrievance', '/grievances/new');
  if (can(user, 'registrySync')) add('registryProblems', '/registry-sync');
  if (can(user, 'enrolment')) add('import', '/households/import');
  return out;
}
