// Dates, times and numbers as people read them, from our own tables. Client components render on the
// server first and again in the browser: a browser whose Intl has no Khmer data (Debian's Chromium) would
// write "Dec 6, 2026" where the server wrote "៦ ធ្នូ ២០២៦", and React throws away the page (error #418).
// Nothing here asks the runtime for Khmer data, so both sides write the same text. Plain module: client
// components import it too.
import type { Locale } from './locales';

const KHMER_DIGITS = ['០', '១', '២', '៣', '៤', '៥', '៦', '៧', '៨', '៩'];
const KHMER_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'];
const ENGLISH_LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Cambodia keeps UTC+7 all year (no daylight saving), so its wall clock is a fixed offset. */
const PHNOM_PENH_OFFSET_MS = 7 * 3600_000;

const isKm = (locale: string) => locale === 'km';

/** ASCII digits in a text as the language writes them: Khmer digits in Khmer, unchanged otherwise. */
export function localDigits(text: string | number, locale: string): string {
  const s = String(text);
  return isKm(locale) ? s.replace(/[0-9]/g, (d) => KHMER_DIGITS[Number(d)]!) : s;
}

/** A number with its thousands grouped: "1,234.5" in English, "១.២៣៤,៥" in Khmer (CLDR's Khmer-digit symbols). */
export function formatNumber(value: number, locale: string): string {
  if (!Number.isFinite(value)) return String(value);
  const [whole, fraction] = Math.abs(value).toString().split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, isKm(locale) ? '.' : ',');
  const text = `${value < 0 ? '-' : ''}${grouped}${fraction ? (isKm(locale) ? ',' : '.') + fraction : ''}`;
  return localDigits(text, locale);
}

/**
 * A number of hundredths with exactly two decimals ("1,234.50" / "១.២៣៤,៥០"), from integers only: an
 * amount in cents up to 10^12 stays exact (dividing by 100 first would not).
 */
export function formatHundredths(hundredths: number, locale: string): string {
  const abs = Math.abs(Math.round(hundredths));
  const whole = formatNumber(Math.floor(abs / 100), locale);
  const cents = localDigits(String(abs % 100).padStart(2, '0'), locale);
  return `${hundredths < 0 ? '-' : ''}${whole}${isKm(locale) ? ',' : '.'}${cents}`;
}

interface Parts {
  year: number;
  month: number; // 0-11
  day: number;
  hour: number;
  minute: number;
}

// Khmer month names have no short form: the long style differs in English only ("December 6, 2026").
function dayText({ year, month, day }: Parts, locale: string, long = false): string {
  return isKm(locale)
    ? localDigits(`${day} ${KHMER_MONTHS[month]} ${year}`, locale)
    : `${(long ? ENGLISH_LONG_MONTHS : ENGLISH_MONTHS)[month]} ${day}, ${year}`;
}

function timeText({ hour, minute }: Parts, locale: string): string {
  const mm = String(minute).padStart(2, '0');
  // Khmer: the 24-hour clock, so no English "AM/PM" in a Khmer sentence.
  if (isKm(locale)) return localDigits(`${hour}:${mm}`, locale);
  return `${hour % 12 || 12}:${mm} ${hour < 12 ? 'AM' : 'PM'}`;
}

function instant(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The wall clock in Phnom Penh at an instant. */
function inPhnomPenh(value: Date | string | number): Parts | null {
  const t = instant(value).getTime();
  if (Number.isNaN(t)) return null;
  const d = new Date(t + PHNOM_PENH_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** The day in Phnom Penh, YYYY-MM-DD (an export's file name, "today"). */
export function phnomPenhDay(value: Date | string | number = new Date()): string {
  const p = inPhnomPenh(value);
  if (!p) return '';
  return `${p.year}-${String(p.month + 1).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A calendar day (YYYY-MM-DD: a birth date, a due date): no time zone, it is that day everywhere. */
export function formatCalendarDate(value: string, locale: string, long = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return dayText({ year: Number(m[1]), month: Number(m[2]) - 1, day: Number(m[3]), hour: 0, minute: 0 }, locale, long);
}

/** The day of an instant, in Phnom Penh: "Dec 6, 2026" / "៦ ធ្នូ ២០២៦". */
export function formatDate(value: Date | string | number, locale: string): string {
  const p = inPhnomPenh(value);
  return p ? dayText(p, locale) : String(value);
}

/** An instant with its time, in Phnom Penh: "Dec 6, 2026, 1:59 PM" / "៦ ធ្នូ ២០២៦ ម៉ោង ១៣:៥៩". */
export function formatDateTime(value: Date | string | number, locale: string, long = false): string {
  const p = inPhnomPenh(value);
  if (!p) return String(value);
  const day = dayText(p, locale, long);
  return isKm(locale) ? `${day} ម៉ោង ${timeText(p, locale)}` : `${day}${long ? ' at' : ','} ${timeText(p, locale)}`;
}

/** The same functions bound to one language, for a component's render. */
export function formatterFor(locale: Locale | string) {
  return {
    locale,
    digits: (text: string | number) => localDigits(text, locale),
    number: (value: number) => formatNumber(value, locale),
    day: (value: string) => formatCalendarDate(value, locale),
    date: (value: Date | string | number) => formatDate(value, locale),
    dateTime: (value: Date | string | number) => formatDateTime(value, locale),
    /** Printed documents: "December 6, 2026" in English. */
    longDay: (value: string) => formatCalendarDate(value, locale, true),
    longDateTime: (value: Date | string | number) => formatDateTime(value, locale, true),
  };
}
export type AppFormatter = ReturnType<typeof formatterFor>;
