// Search and duplicate keys for names (see domain.md "Khmer text"). The originals are kept for display.

const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF]/g;
// Control and format characters (but not the Khmer marks, which are letters' companions).
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const COENG_DA = '\u17D2\u178A';
const COENG_TA = '\u17D2\u178F';

/** NFC, no zero-width or control characters, single spaces, trimmed: safe to store and show. */
export function cleanText(input: string): string {
  // Zero-width characters go before NFC: removed after it, they could leave marks out of canonical order.
  return input.replace(ZERO_WIDTH, '').normalize('NFC').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/** Khmer search key: cleaned, coeng DA folded into its look-alike coeng TA, no spaces. */
export function khmerKey(input: string): string {
  // Folding can make NFC reorder marks and NFC can bring a coeng next to DA: repeat to a fixed point.
  let key = input;
  for (let i = 0; i < 4; i++) {
    const next = cleanText(key).replaceAll(COENG_DA, COENG_TA).replace(/\s+/gu, '').normalize('NFC');
    if (next === key) break;
    key = next;
  }
  return key;
}

/** The Khmer name key of a person: surname and given name run together (spacing varies in practice). */
export function khmerNameKey(surname: string, given: string): string {
  return khmerKey(`${surname}${given}`);
}

/** Lower-case ASCII letters and digits of each word, accents dropped ("Bântéay" → "banteay"). */
export function latinWords(input: string): string[] {
  return cleanText(input)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Latin name key: words sorted, so "Sok Dara" and "Dara Sok" meet. */
export function latinNameKey(surname: string | null | undefined, given: string | null | undefined): string | null {
  const words = latinWords(`${surname ?? ''} ${given ?? ''}`).sort();
  return words.length ? words.join(' ') : null;
}

/** A lower-case, accent-free form of a place name for type-ahead. */
export function latinKey(input: string): string {
  return latinWords(input).join(' ');
}

/** True when the text contains Khmer script. */
export function hasKhmer(input: string): boolean {
  return /[\u1780-\u17FF\u19E0-\u19FF]/u.test(input);
}

/** Lone UTF-16 surrogates cannot be stored as text in PostgreSQL; they mark input as invalid. */
export function hasLoneSurrogate(input: string): boolean {
  return !(input as string & { isWellFormed(): boolean }).isWellFormed();
}
