import { describe, expect, it, vi } from 'vitest';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatHundredths,
  formatNumber,
  localDigits,
  phnomPenhDay,
} from '@/lib/i18n/format';

// 2026-12-06 06:37 UTC is 13:37 in Phnom Penh; 2026-12-06 20:00 UTC is already the 7th there.
const MORNING = '2026-12-06T06:37:00Z';
const LATE = '2026-12-06T20:05:00Z';

describe('formatting without the runtime’s locale data', () => {
  // A browser without Khmer Intl data must write what the server wrote: the formatter may not ask Intl at all.
  function withoutIntl<T>(run: () => T): T {
    const refuse = () => {
      throw new Error('Intl used');
    };
    vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(refuse as never);
    vi.spyOn(Intl, 'NumberFormat').mockImplementation(refuse as never);
    vi.spyOn(Date.prototype, 'toLocaleString').mockImplementation(refuse);
    vi.spyOn(Date.prototype, 'toLocaleDateString').mockImplementation(refuse);
    vi.spyOn(Number.prototype, 'toLocaleString').mockImplementation(refuse);
    try {
      return run();
    } finally {
      vi.restoreAllMocks();
    }
  }

  it('writes Khmer dates with Khmer month names and digits, and a 24-hour clock', () => {
    withoutIntl(() => {
      expect(formatDate(MORNING, 'km')).toBe('៦ ធ្នូ ២០២៦');
      expect(formatDateTime(MORNING, 'km')).toBe('៦ ធ្នូ ២០២៦ ម៉ោង ១៣:៣៧');
      expect(formatDateTime(LATE, 'km')).toBe('៧ ធ្នូ ២០២៦ ម៉ោង ៣:០៥');
      expect(formatCalendarDate('1980-03-15', 'km')).toBe('១៥ មីនា ១៩៨០');
    });
  });

  it('never writes AM/PM or an ASCII digit in Khmer', () => {
    withoutIntl(() => {
      for (let h = 0; h < 24; h++) {
        const text = formatDateTime(new Date(Date.UTC(2026, 0, 1, h, 9)), 'km');
        expect(text).not.toMatch(/AM|PM|[0-9]/);
      }
    });
  });

  it('writes English as Intl’s en medium style does', () => {
    withoutIntl(() => {
      expect(formatDate(MORNING, 'en')).toBe('Dec 6, 2026');
      expect(formatDateTime(MORNING, 'en')).toBe('Dec 6, 2026, 1:37 PM');
      expect(formatDateTime('2026-12-05T17:00:00Z', 'en')).toBe('Dec 6, 2026, 12:00 AM');
      expect(formatCalendarDate('1980-03-15', 'en')).toBe('Mar 15, 1980');
    });
    // The same text as the runtime's own English (always present), so English pages do not change.
    const en = new Intl.DateTimeFormat('en', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Phnom_Penh',
    });
    for (const at of [MORNING, LATE, '2026-07-01T23:59:00Z']) {
      expect(formatDateTime(at, 'en')).toBe(en.format(new Date(at)).replace(/\u202f/g, ' '));
    }
  });

  it('groups numbers per language and uses one digit style', () => {
    withoutIntl(() => {
      expect(formatNumber(1234567, 'en')).toBe('1,234,567');
      expect(formatNumber(1234.5, 'km')).toBe('១.២៣៤,៥');
      expect(formatNumber(-12, 'km')).toBe('-១២');
      expect(localDigits('សមាជិកទី 1', 'km')).toBe('សមាជិកទី ១');
      expect(localDigits('Member 1', 'en')).toBe('Member 1');
    });
  });

  it('writes amounts in hundredths exactly, with two decimals, in the language’s digits', () => {
    withoutIntl(() => {
      expect(formatHundredths(1250, 'en')).toBe('12.50');
      expect(formatHundredths(5, 'en')).toBe('0.05');
      expect(formatHundredths(-123456789, 'en')).toBe('-1,234,567.89');
      expect(formatHundredths(1250, 'km')).toBe('១២,៥០');
      // 10^12 cents: exact (no floating-point division).
      expect(formatHundredths(10 ** 12 + 1, 'en')).toBe('10,000,000,000.01');
    });
  });

  it('gives the day in Phnom Penh for file names', () => {
    expect(phnomPenhDay(new Date(LATE))).toBe('2026-12-07');
    expect(phnomPenhDay(new Date(MORNING))).toBe('2026-12-06');
  });
});
