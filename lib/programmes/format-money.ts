import 'server-only';
import type { Currency } from './rules';

// Money in the reader's language, formatted on the server: Debian's Chromium has no Khmer number
// data, so formatting in the browser would differ from the server's HTML (a hydration error).
// Amounts are integer minor units of their currency (riel: no fraction; US dollars: cents).
// Payment lists need the same: lib/payments may import this.
//
// The app shows Western digits in Khmer too (lib/imports/text.ts, dates), so this does as well.
// Riel: "40,000 ៛" with no decimals (ICU's KHR format would print 40,000.00៛); dollars: the
// locale's own currency format ("$12.50" in English, "12.50$" in Khmer).

const MINOR_PER_MAJOR: Record<Currency, number> = { KHR: 1, USD: 100 };

export function formatMoney(minor: number, currency: Currency | string, locale: string): string {
  if (currency === 'KHR') return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(minor)} ៛`;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minor / (MINOR_PER_MAJOR[currency as Currency] ?? 100));
}
