// Words for the audit trail's sign-in entries (messages/*/security.json, under security.audit), so
// that the page says "Sign-in failed: wrong password" beside the action's code. A plain module: the
// page reads it, and test/security-sign-in.test.ts checks every entry has words in both languages.

export const AUTH_ACTION_LABELS = {
  'auth.sign_in': 'signIn',
  'auth.sign_in_failed': 'signInFailed',
  'auth.sign_in_rate_limited': 'signInRateLimited',
  'auth.sign_out': 'signOut',
  'auth.locked': 'locked',
} as const;
export type AuthActionLabel = (typeof AUTH_ACTION_LABELS)[keyof typeof AUTH_ACTION_LABELS];

/** lib/auth/sign-in.ts' RefusalCause → its message key. */
export const REFUSAL_CAUSE_LABELS = {
  password: 'password',
  locked: 'locked',
  deactivated: 'deactivated',
  unknown_account: 'unknownAccount',
} as const;
export type RefusalCauseLabel = (typeof REFUSAL_CAUSE_LABELS)[keyof typeof REFUSAL_CAUSE_LABELS];

export function authActionLabel(action: string): AuthActionLabel | undefined {
  return Object.hasOwn(AUTH_ACTION_LABELS, action)
    ? AUTH_ACTION_LABELS[action as keyof typeof AUTH_ACTION_LABELS]
    : undefined;
}

/** The cause of a refused sign-in, read from the audit row's `after`. */
export function refusalCauseLabel(after: unknown): RefusalCauseLabel | undefined {
  const cause = (after as { cause?: unknown } | null)?.cause;
  return typeof cause === 'string' && Object.hasOwn(REFUSAL_CAUSE_LABELS, cause)
    ? REFUSAL_CAUSE_LABELS[cause as keyof typeof REFUSAL_CAUSE_LABELS]
    : undefined;
}
