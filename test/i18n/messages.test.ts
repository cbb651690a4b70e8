import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@/messages';

// Every message of both catalogues, rendered with sample values whose names and kinds come from the
// message's own ICU syntax tree (the parser next-intl's intl-messageformat uses). A message that puts a
// fixed word beside a value ("ត្រូវគ្នា{match}" → "matches-doesn't match") shows up here as a rendering
// that holds both a word and its negation.

type Tree = { [key: string]: string | Tree };
type Sample = string | number | Date | ((chunks: string[]) => string);
type Locale = keyof typeof MESSAGES;

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  );
}

interface Arg {
  kind: 'text' | 'number' | 'date' | 'select' | 'tag';
  options: string[];
}

/** Every argument a message takes, with its kind and (select, plural) its options. */
function argsOf(ast: MessageFormatElement[], out = new Map<string, Arg>()): Map<string, Arg> {
  const add = (name: string, kind: Arg['kind'], options: string[] = []) => {
    const seen = out.get(name);
    if (!seen || seen.kind === 'text') out.set(name, { kind, options });
  };
  for (const el of ast) {
    if (el.type === TYPE.argument) add(el.value, 'text');
    else if (el.type === TYPE.number) add(el.value, 'number');
    else if (el.type === TYPE.date || el.type === TYPE.time) add(el.value, 'date');
    else if (el.type === TYPE.tag) {
      add(el.value, 'tag');
      argsOf(el.children, out);
    } else if (el.type === TYPE.select || el.type === TYPE.plural) {
      const keys = Object.keys(el.options);
      if (el.type === TYPE.select) add(el.value, 'select', keys);
      else
        add(
          el.value,
          'number',
          keys.filter((k) => k.startsWith('=')).map((k) => k.slice(1)),
        );
      for (const option of Object.values(el.options)) argsOf(option.value, out);
    }
  }
  return out;
}

// A plain value may itself be a negation (a coded value put into words by the caller): a fixed word next
// to it must not turn it into "matches-doesn't match" (the old "ត្រូវគ្នា{match}" fails here).
const NEGATIONS: Record<Locale, string[]> = {
  km: ['មិនត្រូវគ្នា', 'មិនទាន់បានផ្ទៀងផ្ទាត់'],
  en: ['no match', 'unverified'],
};

function sample(arg: Arg): Sample {
  if (arg.kind === 'number') return 3;
  if (arg.kind === 'date') return new Date('2026-12-06T06:37:00Z');
  if (arg.kind === 'tag') return (chunks) => chunks.join('');
  if (arg.kind === 'select') return arg.options.find((o) => o !== 'other') ?? 'other';
  return 'Sokha';
}

/** Each set of values worth rendering: every option of every select, every plural's cases, one each otherwise. */
function valueSets(locale: Locale, args: Map<string, Arg>): Record<string, Sample>[] {
  const base = Object.fromEntries([...args].map(([name, arg]) => [name, sample(arg)]));
  const sets: Record<string, Sample>[] = [base];
  const chooses = [...args.values()].some((a) => a.kind === 'select');
  for (const [name, arg] of args) {
    if (arg.kind === 'select')
      for (const o of arg.options) sets.push({ ...base, [name]: o === 'other' ? 'zz-other' : o });
    // A message that chooses its words with a select has no value put into words by its caller.
    if (arg.kind === 'text' && !chooses) for (const word of NEGATIONS[locale]) sets.push({ ...base, [name]: word });
    if (arg.kind === 'number')
      for (const n of [0, 1, 2, 21, ...arg.options.map(Number)]) sets.push({ ...base, [name]: n });
  }
  return sets;
}

// A word and its negation, per language: no rendering may hold the word outside its negation and the negation.
const OPPOSITES: Record<Locale, [RegExp, RegExp][]> = {
  km: [
    [/ត្រូវគ្នា/g, /មិន(?:ទាន់)?ត្រូវគ្នា/g],
    [/បានផ្ទៀងផ្ទាត់/g, /មិនទាន់បានផ្ទៀងផ្ទាត់/g],
  ],
  en: [
    [/\bmatch(?:es|ed)?\b/gi, /\b(?:no|not|n't) match(?:es|ed)?\b/gi],
    [/\bverified\b/gi, /\b(?:not|un)verified\b/gi],
  ],
};

export function contradiction(locale: Locale, text: string): string | null {
  for (const [word, negation] of OPPOSITES[locale]) {
    if (negation.test(text) && word.test(text.replace(negation, ''))) return `${word} and ${negation}`;
    negation.lastIndex = word.lastIndex = 0;
  }
  return null;
}

function render(locale: Locale, key: string, values: Record<string, Sample>): string {
  let error: unknown = null;
  const t = createTranslator({
    locale,
    messages: MESSAGES[locale],
    timeZone: 'Asia/Phnom_Penh',
    onError: (e) => {
      error = e;
    },
  });
  const text = t.markup(key as never, values as never);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return text;
}

for (const locale of ['km', 'en'] as const) {
  describe(`every ${locale} message`, () => {
    const all = leaves(MESSAGES[locale] as Tree);

    it('has messages to check', () => expect(all.length).toBeGreaterThan(500));

    it('renders with sample values, without leftover braces or a contradiction', () => {
      const problems: string[] = [];
      for (const [key, message] of all) {
        let args: Map<string, Arg>;
        try {
          args = argsOf(parse(message));
        } catch (e) {
          problems.push(`${key}: does not parse (${String(e)})`);
          continue;
        }
        for (const values of valueSets(locale, args)) {
          let text: string;
          try {
            text = render(locale, key, values);
          } catch (e) {
            problems.push(`${key}: ${String(e)}`);
            continue;
          }
          if (/[{}]/.test(text)) problems.push(`${key}: braces left in «${text}»`);
          const both = contradiction(locale, text);
          if (both) problems.push(`${key}: «${text}» holds ${both}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
}

describe('the Khmer ID check (regression: "ត្រូវគ្នាមិនត្រូវគ្នា")', () => {
  const when = '៦ ធ្នូ ២០២៦ ម៉ោង ១៣:៣៧';
  it('reads as one answer per result in Khmer', () => {
    expect(render('km', 'registry.status.verified', { match: 'none', when })).toBe(`អត្តសញ្ញាណប័ណ្ណ៖ មិនត្រូវគ្នា ${when}`);
    expect(render('km', 'registry.status.verified', { match: 'full', when })).toBe(`អត្តសញ្ញាណប័ណ្ណ៖ ត្រូវគ្នាទាំងស្រុង ${when}`);
    expect(render('km', 'registry.status.verified', { match: 'partial', when })).toBe(
      `អត្តសញ្ញាណប័ណ្ណ៖ ត្រូវគ្នាមួយផ្នែក ${when}`,
    );
    expect(contradiction('km', 'អត្តសញ្ញាណប័ណ្ណ៖ ត្រូវគ្នាមិនត្រូវគ្នា')).not.toBeNull();
  });
  it('reads as one answer per result in English, without the X-Road id', () => {
    const text = (match: string) => render('en', 'registry.status.verified', { match, when: 'Dec 6, 2026, 1:37 PM' });
    expect(text('none')).toBe('Khmer ID: no match, Dec 6, 2026, 1:37 PM');
    expect(text('full')).toBe('Khmer ID: full match, Dec 6, 2026, 1:37 PM');
    expect(text('partial')).toBe('Khmer ID: partial match, Dec 6, 2026, 1:37 PM');
    expect(MESSAGES.en.registry.status.verified).not.toMatch(/X-Road|xRoad/);
    expect(MESSAGES.km.registry.status.verified).not.toMatch(/X-Road|xRoad/);
  });
});
