// A member's sync state with the central registry (issue 4), as staff see it, in a plain module:
// pages and components list them, and db/schema/sync.ts builds its check from them.

export const REGISTRY_STATES = [
  'not_sent',
  'queued',
  'sent',
  // The registry acknowledged the record and its result is still to come (asked for with txn/status).
  'accepted',
  'has_spid',
  'awaiting_review',
  'rejected',
  'needs_attention',
] as const;
export type RegistryState = (typeof REGISTRY_STATES)[number];
