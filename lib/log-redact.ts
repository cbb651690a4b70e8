import { formatWithOptions } from 'node:util';

// No query parameter or body in a log line (issue 12). A failed query reaches the log as drizzle's
// DrizzleQueryError, whose message is "Failed query: <sql>\nparams: <values>", wrapping the driver's
// error, whose message may quote a value ('invalid input syntax for type uuid: "Sok Dara"'), whose
// `detail` may hold a row, and which postgres-js may give `parameters`/`args`. One function turns any
// error into what may be logged: the SQL text, the PostgreSQL code, the message and stack with the
// values cut out, the same for its causes. pino (lib/log.ts) and the console (Next's own log of an
// uncaught error, see instrumentation.ts) both go through it.

const REDACTED = '[redacted]';

/** What a message may carry besides words: drizzle's params line, and a quoted value at the end. */
export function redactText(text: string): string {
  return (
    text
      // drizzle: "\nparams: …" runs to the end of the message (the stack's frames follow on their own lines).
      .replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/g, `\nparams: ${REDACTED}`)
      // PostgreSQL: '…: "value"' (invalid input syntax, out of range, invalid enum value…).
      .replace(/(: )"(?:[^"\\]|\\.|"")*"(?=\n|$)/gm, `$1"${REDACTED}"`)
      .replace(/(Key \([^)]*\)=)\([\s\S]*?\)(?= already exists| is not present|\.|$)/g, `$1(${REDACTED})`)
  );
}

/** Fields of an error that name things (the statement, the constraint), never values. */
const KEPT = ['code', 'severity', 'routine', 'schema_name', 'table_name', 'column_name', 'constraint_name'];

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  /** The statement's SQL text, with its placeholders ($1…): what ran, not with what. */
  query?: string;
  cause?: SafeError | string;
  [field: string]: unknown;
}

/** The error as it may be logged (anything else is returned as it is). */
export function redactError(e: unknown, depth = 0): unknown {
  if (!(e instanceof Error)) return e;
  const fields = e as unknown as Record<string, unknown>;
  const message = redactText(e.message);
  const head = `${e.name}: ${e.message}`;
  const frames = e.stack?.startsWith(head) ? e.stack.slice(head.length) : undefined;
  const out: SafeError = {
    type: e.constructor?.name ?? e.name,
    message,
    stack: frames !== undefined ? `${e.name}: ${message}${redactText(frames)}` : redactText(e.stack ?? ''),
  };
  if (typeof fields.query === 'string') out.query = fields.query;
  for (const k of KEPT) if (typeof fields[k] === 'string' || typeof fields[k] === 'number') out[k] = fields[k];
  if (e.cause !== undefined && depth < 5) {
    const cause = redactError(e.cause, depth + 1);
    out.cause = typeof cause === 'object' && cause !== null ? (cause as SafeError) : redactText(String(cause));
  }
  return out;
}

/** An error as one block of text for the console: stack, code, SQL text, causes. */
function errorText(e: SafeError): string {
  const extra = [e.code ? `code: ${String(e.code)}` : '', e.query ? `query: ${e.query}` : ''].filter(Boolean);
  const cause = e.cause ? `\n[cause] ${typeof e.cause === 'string' ? e.cause : errorText(e.cause)}` : '';
  return `${e.stack || `${e.type}: ${e.message}`}${extra.length ? `\n${extra.join('\n')}` : ''}${cause}`;
}

/** A copy of plain objects and arrays with every error in them made safe ({ digest, err } and the like). */
function withSafeErrors(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value instanceof Error) return redactError(value);
  if (typeof value !== 'object' || value === null || depth > 4 || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => withSafeErrors(v, depth + 1, seen));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSafeErrors(v, depth + 1, seen)]));
}

type ConsoleLike = Pick<Console, 'error' | 'warn' | 'log' | 'info'>;
const installed = new WeakSet<object>();

/**
 * Wraps the console's methods so that what they print passes redactError/redactText: Next prints an
 * error thrown while rendering a page (or in a route handler) with console.error, outside pino.
 */
export function redactConsole(target: ConsoleLike = console): void {
  if (installed.has(target)) return;
  installed.add(target);
  for (const method of ['error', 'warn', 'log', 'info'] as const) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      // Formatted first (as console would), so that an error inside an object or a %s is covered too.
      const safe = args.map((a) => (a instanceof Error ? errorText(redactError(a) as SafeError) : withSafeErrors(a)));
      original(redactText(formatWithOptions({ colors: false }, ...safe)));
    };
  }
}
