import 'server-only';
import type { Locale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/messages';
import { COLUMN_KEYS, type ColumnKey } from './columns';

// Report rows and refusals in the reader's language, outside React (route handlers, streams, the
// benchmark script). These messages only use plain {placeholders}, so a lookup and a replace do;
// next-intl's translator would drag its React client provider into scripts run outside Next.

type Params = Record<string, string | number>;
type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

export function importText(locale: Locale) {
  const messages = MESSAGES[locale] as unknown as Tree;
  const has = (key: string) => lookup(messages, key) !== undefined;
  const numbers = new Intl.NumberFormat(locale);
  const value = (v: string | number) => (typeof v === 'number' ? numbers.format(v) : v);
  const say = (key: string, params: Params = {}) =>
    (lookup(messages, key) ?? key).replace(/\{(\w+)(, number)?\}/g, (whole, name: string) =>
      name in params ? value(params[name]!) : whole,
    );
  const column = (key: string) =>
    (COLUMN_KEYS as readonly string[]).includes(key) ? say(`imports.columns.${key as ColumnKey}`) : '';

  /** A stored message, `key` or `key?param=value`: the import's own wording first, then the form's. */
  function rowMessage(encoded: string): string {
    const [key = 'invalid', query = ''] = encoded.split('?', 2);
    const params = Object.fromEntries(new URLSearchParams(query));
    if (has(`imports.rowErrors.${key}`)) return say(`imports.rowErrors.${key}`, params);
    if (has(`errors.${key}`)) return say(`errors.${key}`, params);
    return say('errors.invalid');
  }

  /** The stored refusal (JSON of key and parameters); column keys become their labels. */
  function refusal(stored: string | null): string | null {
    if (!stored) return null;
    let parsed: { key?: string; params?: Params };
    try {
      parsed = JSON.parse(stored) as typeof parsed;
    } catch {
      parsed = { key: 'internal' };
    }
    const params = { ...parsed.params };
    if (typeof params.columns === 'string') params.columns = params.columns.split(',').map(column).join(', ');
    const key = `imports.refusals.${parsed.key}`;
    return has(key) ? say(key, params) : say('imports.refusals.internal');
  }

  return { say, column, rowMessage, refusal };
}
