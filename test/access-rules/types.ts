import type { Area } from '@/lib/auth/policy';

/** Who may call an entry point. */
export type Access = 'public' | 'signedIn' | 'passwordChange' | Area;
export interface Ctx {
  operatorId: string;
}
export interface RequestSpec {
  url: string;
  method?: string;
  body?: unknown;
  params?: Record<string, string | string[]>;
}

/** What a call answered: an action's result, or a route's status and body. */
export interface Answer {
  /** failed: an error that is not about access (invalid input, a conflict, HTTP 5xx). */
  outcome: 'allowed' | 'refused' | 'not found' | 'failed';
  /** An action's `data`, or a route's JSON body (undefined when the body is not JSON). */
  data: unknown;
  /** Everything the caller received, as text: the action's result as JSON, or the route's body. */
  text: string;
}

/**
 * How the matrix checks that operator B's administrator (who holds every operator role) gets
 * nothing of operator A through the entry point. `input`/`request` replace the rule's own for
 * this call only; they are built with A's context (and B's, for the rare input that mixes both).
 */
export type CrossCheck =
  /** The call names a record of A (made by the rule's input for A): B's administrator gets not found. The default. */
  | 'notFound'
  /** Not found, with this input or request instead of the rule's. */
  | {
      notFoundWith: {
        input?: (a: Ctx, b: Ctx) => Promise<unknown> | unknown;
        request?: (a: Ctx, b: Ctx) => Promise<RequestSpec> | RequestSpec;
      };
    }
  | {
      /**
       * The input names a record of A among B's own (e.g. B's member moved into A's household):
       * B's administrator gets exactly the answer an input naming no record at all gets, so the
       * answer does not even tell that A's record exists.
       */
      sameAsUnknown: (a: Ctx, b: Ctx) => Promise<{ theirs: unknown; unknown: unknown }>;
    }
  | {
      /**
       * A list, search or export: seeds data of operator A and says what of it an answer would show
       * (ids, codes, Khmer IDs). A's own administrator, sending the same request, must see every
       * marker (so the check is not vacuous); B's administrator is let in and sees none of them.
       */
      lists: (a: Ctx) => Promise<{ markers: string[]; input?: unknown; request?: RequestSpec }>;
    }
  | {
      /**
       * Creates something: B's administrator sends the rule's input (or this one) built for A — so
       * whatever it names is A's — and the new thing must belong to B. `landsIn` reads, from the
       * answer, the operator the created thing was stored under.
       */
      creates: (answer: Answer) => Promise<string | undefined>;
      input?: (a: Ctx) => Promise<unknown> | unknown;
      request?: (a: Ctx) => Promise<RequestSpec> | RequestSpec;
    }
  | {
      /**
       * Acts on "all of mine": seeds a record of A that the action would change if it were B's and
       * returns how to read that record; B's administrator is let in and the record reads the same after.
       */
      leavesAlone: (a: Ctx) => Promise<() => Promise<unknown>>;
      input?: (a: Ctx) => Promise<unknown> | unknown;
    };

interface RuleBase {
  access: Access;
  /** Valid input, made fresh for each call; records it names belong to ctx.operatorId. */
  input?: (ctx: Ctx) => Promise<unknown> | unknown;
  /** Refused for every caller, e.g. the setup action without a valid one-time token. */
  alwaysRefused?: boolean;
  /** For route handlers: the request to send (default GET on the route's path). */
  request?: (ctx: Ctx) => Promise<RequestSpec> | RequestSpec;
}

/**
 * Every rule is also called by another operator's administrator (see CrossCheck): rules of an
 * operator area default to 'notFound'; any other check is named here. A rule that cannot be
 * checked that way says so with `crossOperator: false` and the reason; a rule of no operator area
 * (public, signedIn, passwordChange, operators) has no default and must say one or the other.
 */
export type Rule = RuleBase &
  ({ crossOperator?: CrossCheck | readonly CrossCheck[]; reason?: never } | { crossOperator: false; reason: string });
export type Rules = Record<string, Rule>;
