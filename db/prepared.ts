import type postgres from 'postgres';

/**
 * Statements longer than this are not kept prepared: multi-row inserts and other bulk statements,
 * whose text differs with their row count, would fill each connection with plans used once.
 */
const MAX_PREPARED_TEXT = 4_000;

type Unsafe = (query: string, args?: unknown[], options?: { prepare?: boolean }) => unknown;

/**
 * postgres-js as drizzle uses it, with parameterised statements kept prepared on each connection.
 * Drizzle sends every query unprepared (postgres-js' `unsafe`), so PostgreSQL parsed and planned
 * each one again: 1–2.5 ms of the database's CPU per statement of a record page, 8 of them a page.
 * Prepared, a statement is parsed once per connection; it is still planned for its values every time
 * (plan_cache_mode=force_custom_plan, db/client.ts), except where a transaction says otherwise: the
 * search's page rows keep their plan (lib/search/plan.ts, mode `rows`). Connections are recycled
 * (postgres-js' max_lifetime), which bounds how many statements each one keeps. Transactions and
 * savepoints get the same wrapping. A statement drizzle prepares itself (`.prepare()`, kept by the caller
 * and run many times: lib/search/search.ts) is always prepared, whatever its length.
 */
export function withPreparedStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        const unsafe = Reflect.get(target, prop, receiver) as Unsafe;
        return (query: string, args?: unknown[], options?: { prepare?: boolean }) =>
          unsafe.call(target, query, args, {
            ...options,
            prepare:
              Boolean(options?.prepare) ||
              (Array.isArray(args) && args.length > 0 && query.length <= MAX_PREPARED_TEXT),
          });
      }
      if (prop === 'begin' || prop === 'savepoint') {
        const open = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        return (...a: unknown[]) => {
          const run = a.at(-1) as (tx: postgres.TransactionSql) => unknown;
          return open.call(target, ...a.slice(0, -1), (tx: postgres.TransactionSql) => run(withPreparedStatements(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
