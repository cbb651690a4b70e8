import { z } from 'zod';
import { seededRandom } from '../lib/text/seeded-random';

/**
 * Fault injection. Each rule fires with its probability (default 1), at most `times` times when set,
 * and only for requests whose path contains `path` when set. Latency rules add up; of the other rules
 * the first that fires decides what happens to the request.
 */
const common = {
  probability: z.number().min(0).max(1).optional(),
  times: z.number().int().min(0).optional(),
  path: z.string().optional(),
};

export const faultRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...common }),
  // A security server error; `code` in the 6.x/7.x spelling, sent as `spelling` says (else the peer's default).
  z.object({
    kind: z.literal('xroad-error'),
    code: z.string().regex(/^(Server|Client)\.[A-Za-z.]+$/),
    spelling: z.enum(['legacy', 'modern']).optional(),
    ...common,
  }),
  // The registry's own HTTP error (no X-Road-Error header), with a DCI error code.
  z.object({
    kind: z.literal('http-error'),
    status: z.number().int().min(400).max(599),
    code: z.string().optional(),
    ...common,
  }),
  // The connection is cut before the registry sees the request.
  z.object({ kind: z.literal('drop'), ...common }),
  // The registry commits, then the connection is cut: the response is lost.
  z.object({ kind: z.literal('lose-response'), ...common }),
  // The registry commits, then its answer arrives as an HTML page (Content-Type text/html).
  z.object({ kind: z.literal('not-json'), ...common }),
  // The registry commits, then its answer arrives carrying another message's X-Road-Id.
  z.object({ kind: z.literal('wrong-x-road-id'), ...common }),
]);

export type Rule = z.infer<typeof faultRule>;

export const faultConfig = z.object({ rules: z.array(faultRule) });

export interface FaultDecision {
  latencyMs: number;
  fault?: Exclude<Rule, { kind: 'latency' }>;
}

export class Faults {
  private rules: Rule[] = [];
  private readonly random: () => number;

  constructor(rules: Rule[] = [], seed?: number) {
    this.random = seed === undefined ? Math.random : seededRandom(seed);
    this.set(rules);
  }

  set(rules: Rule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  list(): Rule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  private fires(rule: Rule, path: string): boolean {
    if (rule.times !== undefined && rule.times <= 0) return false;
    if (rule.path !== undefined && !path.includes(rule.path)) return false;
    if (this.random() >= (rule.probability ?? 1)) return false;
    if (rule.times !== undefined) rule.times -= 1;
    return true;
  }

  decide(path: string): FaultDecision {
    let latencyMs = 0;
    let fault: FaultDecision['fault'];
    for (const rule of this.rules) {
      if (rule.kind === 'latency') {
        if (this.fires(rule, path)) latencyMs += rule.ms;
      } else if (!fault && this.fires(rule, path)) {
        fault = rule;
      }
    }
    return { latencyMs, fault };
  }
}

/**
 * The command-line form: `kind[:arg][@probability][*times]`, e.g. `latency:2000@0.5`,
 * `xroad-error:Server.ServerProxy.NetworkError@0.2`, `http-error:503`, `drop@0.1`, `lose-response*1`,
 * `not-json@0.1`, `wrong-x-road-id*1`.
 */
export function parseFaultSpec(spec: string): Rule {
  const m = /^([a-z-]+)(?::([^@*]+))?(?:@([0-9.]+))?(?:\*(\d+))?$/.exec(spec.trim());
  if (!m) throw new Error(`Bad fault "${spec}"`);
  const [, kind, arg, p, times] = m;
  const raw: Record<string, unknown> = { kind };
  if (kind === 'latency') raw.ms = Number(arg);
  if (kind === 'xroad-error') raw.code = arg;
  if (kind === 'http-error') raw.status = Number(arg);
  if (p !== undefined) raw.probability = Number(p);
  if (times !== undefined) raw.times = Number(times);
  const parsed = faultRule.safeParse(raw);
  if (!parsed.success) throw new Error(`Bad fault "${spec}": ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
