import { z } from 'zod';

export const memberRef = z.object({ memberId: z.uuid({ error: 'invalid' }) });
export const retrySchema = z.union([memberRef, z.object({ all: z.literal(true) })]);
export const reviewDecisionSchema = z.object({
  reviewId: z.uuid({ error: 'invalid' }),
  /** link: the registry's person is ours; dismiss: not the same person; correct: our record was wrong, sent again. */
  decision: z.enum(['link', 'dismiss', 'correct']),
});
export const noInput = z.undefined().or(z.object({}).strict());
