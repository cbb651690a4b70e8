/**
 * A PostgreSQL array literal of `values`, to pass as ONE parameter and cast in the statement
 * (`${arrayLiteral(ids)}::uuid[]`). One parameter keeps the statement's text the same for any number
 * of values: one prepared statement, not one per length; and drizzle builds one parameter, not one
 * per value (its building cost grows with the parameters: the search merges 50 ids and keys at a time).
 * Every element is quoted, so any text is safe: only `"` and `\` need escaping inside the quotes.
 */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
