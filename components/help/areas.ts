import type { ACCESS } from '@/lib/auth/policy';

// The help pages' areas (/help/<area>) and the capabilities of lib/auth/policy.ts each one
// explains. Every capability of ACCESS belongs to one area (test/help-areas.test.ts), so a new
// capability cannot be added without its help text, and the role tables are read from ACCESS itself.

export type Capability = keyof typeof ACCESS;

export const HELP_AREAS = {
  households: ['households', 'enrolment', 'export'],
  programmes: ['programmes', 'programmesManage', 'benefitEnrolment'],
  payments: ['payments', 'paymentLists', 'paymentApproval'],
  grievances: ['grievances', 'grievanceIntake', 'grievanceHandling', 'grievanceSettings'],
  registry: ['registry', 'registrySync'],
  admin: ['users', 'audit'],
} as const satisfies Record<string, readonly Capability[]>;

export type HelpArea = keyof typeof HELP_AREAS;

export const isHelpArea = (s: string): s is HelpArea => Object.hasOwn(HELP_AREAS, s);

/** The numbered steps each area's page explains (ui.help.steps.<name>.<n> in messages/*\/ui.json). */
export const HELP_STEPS: Partial<Record<HelpArea, { name: 'import' | 'payments' | 'grievances'; count: number }>> = {
  households: { name: 'import', count: 5 },
  payments: { name: 'payments', count: 6 },
  grievances: { name: 'grievances', count: 5 },
};
