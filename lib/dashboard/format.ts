import 'server-only';
import { formatNumber } from '@/lib/i18n/format';

// Counts in the reader's language and digits, from the app's own tables (lib/i18n/format.ts), never
// the runtime's Intl: Debian's Chromium has no Khmer number data, and the server's text must be the
// browser's. Amounts are written by lib/programmes/format-money.ts.

export function formatCount(n: number, locale: string): string {
  return formatNumber(Math.round(n), locale);
}
