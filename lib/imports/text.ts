import 'server-only';
import { createTranslator } from 'next-intl';
import type { Locale } from '@/db/schema/accounts';
import { TIME_ZONE } from '@/lib/i18n/request';
import { MESSAGES } from '@/messages';
import { COLUMN_KEYS, type ColumnKey } from './columns';

// Report rows and refusals in the reader's language, outside React (route handlers, streams).

type Params = Record<string, string | number>;

export function importText(locale: Locale) {
  const t = createTranslator({ locale, messages: MESSAGES[locale], timeZone: TIME_ZONE });
  const has = (key: string) => t.has(key as Parameters<typeof t.has>[0]);
  const say = (key: string, params?: Params) => t(key as Parameters<typeof t>[0], params as never);
  const column = (key: string) => ((COLUMN_KEYS as readonly string[]).includes(key) ? say(`imports.columns.${key as ColumnKey}`) : '');

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
    try { parsed = JSON.parse(stored) as typeof parsed; } catch { parsed = { key: 'internal' }; }
    const params = { ...parsed.params };
    if (typeof params.columns === 'string') params.columns = params.columns.split(',').map(column).join(', ');
    const key = `imports.refusals.${parsed.key}`;
    return has(key) ? say(key, params) : say('imports.refusals.internal');
  }

  return { say, column, rowMessage, refusal };
}
