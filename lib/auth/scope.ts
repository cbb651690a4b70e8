import 'server-only';
import { eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { operators } from '@/db/schema';

/**
 * Tenant scope, in one place. Every query that starts from what a caller asks for is narrowed with
 * `ownedBy` (a drizzle query) or `tenantOf` (a raw SQL statement); the exceptions (follow-up writes
 * by the id of a row read under scope, the cross-operator registry worker, deployment-wide SPID
 * checks) are listed in docs/architecture.md.
 *
 * The scope comes from whoever acts: a signed-in `OperatorUser` (requireRole narrows its operator
 * to non-null) or a background job that carries the operator it works for (an import job, the
 * registry worker's batch). Domain functions take that actor first and never a bare operator id,
 * so a caller cannot hand one operator's id to a query run for another.
 */
export interface Tenant {
  readonly operatorId: string;
}

/**
 * The tenant of a statement built once and kept (lib/search/search.ts, the plain look-ups): its
 * operator is a placeholder, bound to the acting user's operator at every execution with
 * `execute({ ...values, ...bindTenant(actor) })`. Without it drizzle refuses to run the statement.
 */
const OPERATOR = 'operator';
export interface BoundTenant {
  readonly operatorId: Placeholder<typeof OPERATOR>;
}
export const BOUND_TENANT: BoundTenant = Object.freeze({ operatorId: sql.placeholder(OPERATOR) });

/** The value of BOUND_TENANT's placeholder: the actor's operator, from the actor as every scope takes it. */
export function bindTenant(actor: Tenant): { readonly [OPERATOR]: string } {
  return { [OPERATOR]: actor.operatorId };
}

/** `table.operator_id = <the actor's operator>` for a drizzle `where`. */
export function ownedBy(table: { operatorId: AnyPgColumn }, actor: Tenant | BoundTenant): SQL {
  return eq(table.operatorId, actor.operatorId);
}

/** The actor's operator id as a typed parameter of a raw statement: `h.operator_id = ${tenantOf(actor)}`. */
export function tenantOf(actor: Tenant): SQL {
  return sql`${actor.operatorId}::uuid`;
}

/**
 * The actor's own row of `operators` (its settings, such as the CamDX represented party): the
 * operators table is keyed by the operator itself, so it has no `operator_id` for `ownedBy`.
 */
export function ownOperator(actor: Tenant): SQL {
  return eq(operators.id, actor.operatorId);
}
