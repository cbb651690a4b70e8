import type { Area } from '@/lib/auth/policy';

/** Who may call an entry point. */
export type Access = 'public' | 'signedIn' | 'passwordChange' | Area;
export interface Ctx { operatorId: string }
export interface Rule {
  access: Access;
  /** Valid input, made fresh for each call; records it names belong to ctx.operatorId. */
  input?: (ctx: Ctx) => Promise<unknown> | unknown;
  /** Refused for every caller, e.g. the setup action without a valid one-time token. */
  alwaysRefused?: boolean;
  /** For route handlers: the request to send (default GET on the route's path). */
  request?: (ctx: Ctx) => Promise<{ url: string; method?: string; body?: unknown; params?: Record<string, string | string[]> }> | { url: string; method?: string; body?: unknown; params?: Record<string, string | string[]> };
  /** Called by another operator's administrator with a record of ctx.operatorId: must answer not found. */
  crossOperator?: boolean;
}
export type Rules = Record<string, Rule>;
