// The roles a user may hold, in a plain module: the user forms (client components) list them, and
// db/schema/accounts.ts re-exports them, so there is one list and no client imports the schema.

export const ROLES = [
  'operator_admin',
  'enrolment_officer',
  'payment_officer',
  'payment_approver',
  'grievance_officer',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];
