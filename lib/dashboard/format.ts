import 'server-only';

// Counts in the reader's language, formatted on the server only (Debian's Chromium has no Khmer
// number data: a count formatted in the browser would differ from the server's HTML). Western
// digits in Khmer too, as lib/programmes/format-money.ts writes amounts, so that a chart's counts
// and its amounts share one digit style; changing the app's Khmer digits changes both there.

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'km' ? 'km' : 'en', { maximumFractionDigits: 0 }).format(n);
}
