import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A Cambodian phone number in E.164 (+855…), or null when it is not a valid Cambodian number. */
export function cambodianPhoneE164(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed || trimmed.length > 32) return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'KH');
  if (!parsed || parsed.country !== 'KH' || !parsed.isValid()) return null;
  return parsed.number;
}
