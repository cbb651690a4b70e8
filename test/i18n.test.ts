import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@/messages';

const { en, km } = MESSAGES;

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The arguments a message takes, from its ICU syntax tree (a select's branches are text, not arguments). */
function placeholders(s: string): string[] {
  const names = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      names.add(el.value);
      if (el.type === TYPE.tag) walk(el.children);
      if (el.type === TYPE.select || el.type === TYPE.plural)
        for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(parse(s));
  return [...names].sort();
}
const enKeys = flatten(en as Tree);
const kmKeys = flatten(km as Tree);

describe('Khmer and English messages', () => {
  it('have exactly the same keys', () => {
    expect(
      [...enKeys.keys()].filter((k) => !kmKeys.has(k)),
      'missing in km.json',
    ).toEqual([]);
    expect(
      [...kmKeys.keys()].filter((k) => !enKeys.has(k)),
      'missing in en.json',
    ).toEqual([]);
  });

  it('have no empty message and the same placeholders in both languages', () => {
    for (const [key, value] of enKeys) {
      expect(value.trim(), `en ${key}`).not.toBe('');
      expect(kmKeys.get(key)?.trim(), `km ${key}`).not.toBe('');
      expect(placeholders(kmKeys.get(key) ?? ''), key).toEqual(placeholders(value));
    }
  });

  it('are really in Khmer in km.json', () => {
    const khmer = [...kmKeys.values()].filter((v) => /[\u1780-\u17FF]/.test(v));
    // Brand names and codes may stay Latin; nearly everything else must be Khmer script.
    expect(khmer.length / kmKeys.size).toBeGreaterThan(0.95);
  });

  it('have a message for every error key the schemas and domain can produce', async () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
      });
    const root = path.resolve(import.meta.dirname, '..');
    const used = new Set<string>();
    for (const f of files(path.join(root, 'lib'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/error: '(\w+)'/g)) used.add(m[1]!);
      for (const m of src.matchAll(/message: '(\w+)'/g)) used.add(m[1]!);
      for (const m of src.matchAll(/new DomainError\('\w+', '(\w+)'/g)) used.add(m[1]!);
      // Field errors raised by the domain: `{ email: ['emailTaken'] }` (but not zod's `path: ['field']`).
      for (const m of src.matchAll(/(\w+): \['(\w+)'\]/g)) if (m[1] !== 'path' && !m[2]!.includes('_')) used.add(m[2]!);
    }
    const { ERROR_CODES } = await import('@/lib/errors');
    for (const c of ERROR_CODES) used.add(c);
    const missing = [...used].filter((k) => !enKeys.has(`errors.${k}`));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(15);
  });
});
