/**
 * The sender's answer to a de-duplication review, read from a Member's additional_attributes (and its
 * SPID identifier). The names are the client's contract (README "registry contract"), spelt out here
 * apart from lib/camdx so that one mistake cannot pass both sides.
 */
export const REVIEW_ATTRS = {
  decision: 'dedup_decision',
  referenceId: 'dedup_reference_id',
  spid: 'dedup_spid',
} as const;

export interface ReviewAnswer {
  kind: 'same' | 'distinct';
  /** The reference_id of the version the registry held (or answered with a shared SPID). */
  referenceId: string;
  spid?: string;
}

const KINDS: Record<string, ReviewAnswer['kind']> = { same_person: 'same', distinct_person: 'distinct' };

/** null: no answer in the record; 'invalid': an answer that cannot be read; SPIDs given twice must agree. */
export function reviewAnswer(
  attrs: Map<string, string>,
  identifiers: { identifier_type: string; identifier_value: string }[],
): ReviewAnswer | 'invalid' | null {
  const decision = attrs.get(REVIEW_ATTRS.decision);
  if (decision === undefined) return null;
  const kind = KINDS[decision];
  const referenceId = attrs.get(REVIEW_ATTRS.referenceId);
  if (!kind || !referenceId) return 'invalid';
  const claimed = identifiers.find((i) => i.identifier_type === 'SPID')?.identifier_value;
  const named = attrs.get(REVIEW_ATTRS.spid);
  if (claimed && named && claimed !== named) return 'invalid';
  // A distinct record claiming the SPID it says it is not makes no sense.
  if (kind === 'distinct' && claimed) return 'invalid';
  const spid = named ?? claimed;
  return spid ? { kind, referenceId, spid } : { kind, referenceId };
}
