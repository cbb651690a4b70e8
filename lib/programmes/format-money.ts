import 'server-only';
import { formatHundredths, formatNumber } from '@/lib/i18n/format';
import type { Currency } from './rules';

// Money in the reader's language, with the digits of the rest of the page (lib/i18n/format.ts): Khmer
// digits in Khmer, never the runtime's Intl (Debian's Chromium has no Khmer number data, and one digit
// style per language). Amounts are integer minor units of their currency (riel: no fraction; US
// dollars: cents). Payment lists need the same: lib/payments may import this.
//
// What a machine reads stays in Western digits whatever the reader's language: payment files and
// exports (lib/payments/files.ts, CSV/XLSX) and the amounts typed into forms.
//
// Riel: "40,000 ៛" / "៤០.០០០ ៛" with no decimals; dollars as CLDR writes them in each language
// ("$12.50" in English, "១២,៥០$" in Khmer).

const MINOR_PER_MAJOR: Record<Currency, number> = { KHR: 1, USD: 100 };

export function formatMoney(minor: number, currency: Currency | string, locale: string): string {
  if (currency === 'KHR') return `${formatNumber(Math.round(minor), locale)} ៛`;
  const perMajor = MINOR_PER_MAJOR[currency as Currency] ?? 100;
  // Two decimals from the minor units themselves (a currency with another fraction would be scaled to it).
  const text = formatHundredths((minor * 100) / perMajor, locale);
  if (currency !== 'USD') return `${text} ${currency}`;
  if (locale === 'km') return `${text}$`;
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
}
