import { z } from 'zod';

/**
 * Test-only: records the registry refuses on purpose. The registry's own checks (registry.ts) only
 * refuse what the app never sends (no LOCAL id, no Khmer names, a malformed NID…), so a test that
 * needs a rejected record — to show the reason to staff, and the corrected record sent again — says
 * which records to refuse: each enrollment record whose JSON text contains `match` (e.g. a given
 * name only that test uses) is answered `rjct` with `code` and `message`, at most `times` times when
 * set. The answer is the record's first result like any other, so a replay of that reference_id
 * gets it again; a corrected record is a new version with a new reference_id and is decided afresh.
 */
export const rejectionRule = z.object({
  match: z.string().min(1),
  code: z
    .string()
    .regex(/^rjct\.[a-z_.]+$/)
    .default('rjct.record.invalid'),
  message: z.string().default('refused by a test rule of the local peer'),
  times: z.number().int().min(0).optional(),
});

export type RejectionRule = z.infer<typeof rejectionRule>;

export const rejectionConfig = z.object({ rules: z.array(rejectionRule) });

export class Rejections {
  private rules: RejectionRule[] = [];

  set(rules: RejectionRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  list(): RejectionRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The rule that refuses this record (and counts it), if any. */
  refuses(record: unknown): { code: string; message: string } | undefined {
    const text = JSON.stringify(record);
    const rule = this.rules.find((r) => (r.times === undefined || r.times > 0) && text.includes(r.match));
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times -= 1;
    return { code: rule.code, message: rule.message };
  }
}
