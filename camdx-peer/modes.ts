import { z } from 'zod';

/**
 * How the registry answers, to stand in for registries that follow the IBR OpenAPI more strictly than
 * our contract asks:
 * - `answer`: `sync` answers enrollment updates with each record's result; `ack` only acknowledges the
 *   message (`{message: {ack_status: "ACK", …}}`, no header) and shows the results through txn/status
 *   once `ack_delay_ms` has passed (until then txn/status does not mention the record: "not yet known").
 * - `spid`: `extension` puts the SPID (and a held record's candidate) in our `identifiers` extension
 *   and in txn/status records; `search-only` answers strictly by the IBR schema: no extension fields,
 *   reason codes in status_reason_message, and the SPID only through /registry/sync/search.
 * - `txn_status`: the answer form of txn/status, a SearchResponse (`search`) or the receipt form
 *   (`receipt`: `{transaction_id, receipt_information: {beneficiaries}}`, which lists enrolled records only).
 * Rules (test-only) give messages whose text contains `match` their own answer and spid modes, so
 * specs running in parallel against one peer can each pick a mode.
 */
export const ANSWER_MODES = ['sync', 'ack'] as const;
export const SPID_MODES = ['extension', 'search-only'] as const;
export const TXN_STATUS_FORMS = ['search', 'receipt'] as const;

export const modeSettings = z
  .object({
    answer: z.enum(ANSWER_MODES),
    spid: z.enum(SPID_MODES),
    ack_delay_ms: z.number().int().min(0).max(600_000),
    txn_status: z.enum(TXN_STATUS_FORMS),
  })
  .strict();
export type ModeSettings = z.infer<typeof modeSettings>;

export const modeRule = z
  .object({
    match: z.string().min(1),
    answer: z.enum(ANSWER_MODES).optional(),
    spid: z.enum(SPID_MODES).optional(),
    ack_delay_ms: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();
export type ModeRule = z.infer<typeof modeRule>;

/**
 * POST /__peer/modes: any of the settings; `rules` replaces the earlier rules, `add_rules` adds to them
 * (specs running in parallel each add their own).
 */
export const modeConfig = modeSettings
  .partial()
  .extend({ rules: z.array(modeRule).optional(), add_rules: z.array(modeRule).optional() })
  .strict();

export const DEFAULT_MODES: ModeSettings = {
  answer: 'sync',
  spid: 'extension',
  ack_delay_ms: 1_000,
  txn_status: 'search',
};

export class Modes {
  private settings: ModeSettings;
  private rules: ModeRule[] = [];

  constructor(private readonly initial: ModeSettings = DEFAULT_MODES) {
    this.settings = { ...initial };
  }

  set(config: z.infer<typeof modeConfig>): void {
    const { rules, add_rules: added, ...settings } = config;
    this.settings = { ...this.settings, ...settings };
    if (rules) this.rules = rules.map((r) => ({ ...r }));
    if (added) this.rules.push(...added.map((r) => ({ ...r })));
  }

  /** Back to the start-up settings, no rules. */
  reset(): void {
    this.settings = { ...this.initial };
    this.rules = [];
  }

  view() {
    return { ...this.settings, rules: this.rules.map((r) => ({ ...r })) };
  }

  get txnStatusForm() {
    return this.settings.txn_status;
  }

  /** The modes a message is answered in: the first rule whose `match` its text contains, else the settings. */
  forMessage(text: string): { answer: ModeSettings['answer']; spid: ModeSettings['spid']; ackDelayMs: number } {
    const rule = this.rules.find((r) => text.includes(r.match));
    return {
      answer: rule?.answer ?? this.settings.answer,
      spid: rule?.spid ?? this.settings.spid,
      ackDelayMs: rule?.ack_delay_ms ?? this.settings.ack_delay_ms,
    };
  }
}
