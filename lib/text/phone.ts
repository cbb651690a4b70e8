import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import cambodia from './phone-metadata-kh.json';

// Phones are checked in the browser too (the forms share their schemas with the server). Every
// country's numbering plan is 165 kB (49 kB gzip), most of what a form page loaded (issue 14, page
// weight): household, member and payment phones are Cambodian only, so they use Cambodia's entry of
// the same plans (scripts/phone-metadata.mjs). Another country's number — a grievance's reply contact
// may be abroad — loads the full plans when one is actually checked.

const KH = cambodia as unknown as MetadataJson;

/** A Cambodian phone number in E.164 (+855…), or null when it is not a valid Cambodian number. */
export function cambodianPhoneE164(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed || trimmed.length > 32) return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'KH', KH);
  if (!parsed || parsed.country !== 'KH' || !parsed.isValid()) return null;
  return parsed.number;
}

/** "+85512345678" → "012 345 678", as people write it; anything else is returned as it is. */
export function nationalCambodianPhone(e164: string): string {
  return parsePhoneNumberFromString(e164, KH)?.formatNational() ?? e164;
}

/** Any country's number written with its "+" prefix, in E.164; null when it is not a valid number. */
export async function internationalPhoneE164(input: string): Promise<string | null> {
  const t = input.trim();
  if (!t.startsWith('+') || t.length > 32) return null;
  const { parsePhoneNumberFromString: parseAny } = await import('libphonenumber-js/max');
  const parsed = parseAny(t);
  return parsed?.isValid() ? parsed.number : null;
}
