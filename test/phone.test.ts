import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { contactPhoneSchema } from '@/lib/grievances/schemas';
import { nationalPhone } from '@/lib/records/form-values';
import { cambodianPhoneE164, internationalPhoneE164 } from '@/lib/text/phone';
import shipped from '@/lib/text/phone-metadata-kh.json';
import { cambodiaMetadata } from '../scripts/phone-metadata.mjs';

// The browser checks Cambodian phones with Cambodia's entry of libphonenumber-js's plans alone (page
// weight, issue 14); it must be the installed package's entry, and give the same answers as before.

describe('phone numbers', () => {
  it("ships the installed libphonenumber-js's plan for Cambodia (run scripts/phone-metadata.mjs after an update)", () => {
    expect(shipped).toEqual(cambodiaMetadata());
  });

  // What the full plans said before (every form checked with them): the same answers, number by number.
  const written = [
    '012 345 678',
    '+855 12 345 678',
    '00855 12 345 678',
    '(023) 880 123',
    '097 123 4567',
    '088 8123 456',
    '1800 1234 5678',
    '012 34',
    '011 123',
    '12',
    '០១២ ៣៤៥ ៦៧៨',
    '+66 81 234 5678',
    '+1 415 555 0100',
    'not a phone',
  ];

  it('reads Cambodian numbers as the full plans do, and refuses every other', () => {
    for (const input of written) {
      const before = parsePhoneNumberFromString(input, 'KH');
      const expected = before?.country === 'KH' && before.isValid() ? before.number : null;
      expect([input, cambodianPhoneE164(input)]).toEqual([input, expected]);
    }
    expect(cambodianPhoneE164('012 345 678')).toBe('+85512345678');
    expect(cambodianPhoneE164('+66 81 234 5678')).toBeNull();
  });

  it('writes a stored number the Cambodian way', () => {
    for (const input of written) {
      const e164 = cambodianPhoneE164(input);
      if (e164) expect(nationalPhone(e164)).toBe(parsePhoneNumberFromString(e164)!.formatNational());
    }
    expect(nationalPhone('+85512345678')).toBe('012 345 678');
    expect(nationalPhone(null)).toBe('');
    expect(nationalPhone('+66812345678')).toBe('+66812345678');
  });

  it("accepts another country's valid number for a grievance's reply, from the full plans", async () => {
    expect(await internationalPhoneE164('+66 81 234 5678')).toBe('+66812345678');
    expect(await internationalPhoneE164('+1 415 555 0100')).toBe('+14155550100');
    expect(await internationalPhoneE164('+66 1')).toBeNull();
    expect(await internationalPhoneE164('081 234 5678')).toBeNull();
    expect(await contactPhoneSchema.parseAsync(' 012 345 678 ')).toBe('+85512345678');
    expect(await contactPhoneSchema.parseAsync('+66 81 234 5678')).toBe('+66812345678');
    expect(await contactPhoneSchema.parseAsync('')).toBeNull();
    const refused = await contactPhoneSchema.safeParseAsync('+66 1');
    expect(refused.error?.issues.map((i) => i.message)).toEqual(['invalidPhone']);
  });
});
