import type { Role } from '@/db/schema/accounts';

/** Who may do what. The navigation, the page guards and the action guards all read this one map. */
export const ACCESS = {
  households: [
    'operator_admin',
    'enrolment_officer',
    'payment_officer',
    'payment_approver',
    'grievance_officer',
    'viewer',
  ],
  /** Enrol, edit, move, record deaths and exits, import. */
  enrolment: ['operator_admin', 'enrolment_officer'],
  /** Export member lists (personal data leaving the platform). */
  export: ['operator_admin', 'enrolment_officer', 'viewer'],
  programmes: ['operator_admin', 'enrolment_officer', 'payment_officer', 'payment_approver', 'viewer'],
  /** Define and change programmes, their benefit rules and payment providers. */
  programmesManage: ['operator_admin'],
  /** Enrol households and members in programmes; suspend, exit; payment details. */
  benefitEnrolment: ['operator_admin', 'enrolment_officer'],
  payments: ['operator_admin', 'payment_officer', 'payment_approver', 'viewer'],
  /** Generate, submit, export and reconcile payment lists; carry unpaid lines; close. */
  paymentLists: ['operator_admin', 'payment_officer'],
  /**
   * Approve or reject a submitted list (maker-checker). Also needs a user who neither generated nor
   * submitted it (lib/payments), so an administrator alone can never both make and check.
   */
  paymentApproval: ['payment_approver'],
  grievances: ['operator_admin', 'grievance_officer', 'viewer'],
  /** Record a grievance (staff intake) and attach files to it. */
  grievanceIntake: ['operator_admin', 'grievance_officer', 'enrolment_officer', 'payment_officer'],
  /** Assign, review, resolve, reject, close, reopen, comment. */
  grievanceHandling: ['operator_admin', 'grievance_officer'],
  /** Categories, service levels, holidays, the public intake page. */
  grievanceSettings: ['operator_admin'],
  registry: ['operator_admin', 'enrolment_officer', 'viewer'],
  /** Retry a member's sync, settle the review queue, verify a Khmer ID (calls CamDX). */
  registrySync: ['operator_admin', 'enrolment_officer'],
  users: ['operator_admin'],
  audit: ['operator_admin', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof ACCESS | 'operators';

export interface Principal {
  isPlatformAdmin: boolean;
  roles: readonly string[];
}

export function can(user: Principal, area: Area): boolean {
  if (area === 'operators') return user.isPlatformAdmin;
  if (user.isPlatformAdmin) return false;
  return (ACCESS[area] as readonly string[]).some((r) => user.roles.includes(r));
}
