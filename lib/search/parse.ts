// What the single search box was given, told from its shape alone (no database).
import { cambodianPhoneE164 } from '@/lib/text/phone';
import { cleanText, hasKhmer, khmerKey, latinWords } from '@/lib/text/normalise';

export const QUERY_KINDS = ['none', 'khmerName', 'latinName', 'number', 'householdCode'] as const;

/** How many Latin words are matched; more are ignored (names have two or three). */
export const MAX_LATIN_WORDS = 4;

export type ParsedQuery =
  | { kind: 'none' }
  /** khmerKey of the input: matched as a substring of members.name_km_key. */
  | { kind: 'khmerName'; key: string }
  /** Lower-case words, any order, each matched as a prefix or a near spelling of a word of the name. */
  | { kind: 'latinName'; words: string[] }
  /**
   * Digits: "012345678" is both a possible Khmer ID and a phone number, so every reading that
   * fits is searched (exact match each); none fitting means nothing is found.
   */
  | { kind: 'number'; khmerId: string | null; phone: string | null; idpoor: string | null }
  /** An operator's household code such as PWDF-000123, upper-cased. */
  | { kind: 'householdCode'; code: string };

/** The names the interface and the benchmark use for what was searched. */
export type MatchKind = 'khmerName' | 'latinName' | 'khmerId' | 'phone' | 'idpoor' | 'householdCode';

const KHMER_DIGIT_ZERO = 0x17e0;
const HOUSEHOLD_CODE = /^[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,10}$/;
const NUMBER_SHAPE = /^\+?[0-9][0-9 .()-]*$/;

/** Khmer digits (០–៩) as ASCII, so that an ID typed on a Khmer keyboard is still found. */
export function asciiDigits(input: string): string {
  return input.replace(/[\u17E0-\u17E9]/g, (d) => String(d.charCodeAt(0) - KHMER_DIGIT_ZERO));
}

function parseNumber(text: string): ParsedQuery {
  const digits = text.replace(/[^0-9]/g, '');
  const international = text.startsWith('+');
  return {
    kind: 'number',
    // Khmer IDs are 9 digits; IDPoor numbers 8 + 4 (written 12345678-1234).
    khmerId: !international && digits.length === 9 ? digits : null,
    idpoor: !international && digits.length === 12 ? `${digits.slice(0, 8)}-${digits.slice(8)}` : null,
    phone: cambodianPhoneE164(text),
  };
}

export function parseQuery(raw: string): ParsedQuery {
  const text = cleanText(asciiDigits(raw));
  if (!text) return { kind: 'none' };
  if (hasKhmer(text)) return { kind: 'khmerName', key: khmerKey(text) };
  if (NUMBER_SHAPE.test(text)) return parseNumber(text);
  if (HOUSEHOLD_CODE.test(text)) return { kind: 'householdCode', code: text.toUpperCase() };
  return { kind: 'latinName', words: [...new Set(latinWords(text))].slice(0, MAX_LATIN_WORDS) };
}

/** What a parsed query is matched against, in the order the interface names them. */
export function matchKinds(q: ParsedQuery): MatchKind[] {
  switch (q.kind) {
    case 'none':
      return [];
    case 'number':
      return [
        ...(q.khmerId ? ['khmerId' as const] : []),
        ...(q.phone ? ['phone' as const] : []),
        ...(q.idpoor ? ['idpoor' as const] : []),
      ];
    default:
      return [q.kind];
  }
}
