// The browser gets only CLIENT_MESSAGE_PATHS of the catalogue (lib/i18n/client-messages.ts). A
// client component translating with a key outside them would show the key's path instead of text,
// so every useTranslations call of the code base is read here and each key it uses must be inside.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BASE_CLIENT_PATHS,
  CLIENT_MESSAGE_PATHS,
  SHARED_PAGE_PATHS,
  clientMessages,
  pickMessages,
  type ClientPath,
} from '@/lib/i18n/client-messages';
import { MESSAGES } from '@/messages';
import { historyTextKeys, neededPaths, pathOf, ROOT, sources, usedKeys } from './helpers/client-keys';

const covered = (key: string) => pathOf(key) !== undefined;

/**
 * The paths a page file names in its <ClientMessages paths={…}>: literals, and the lists of
 * SHARED_PAGE_PATHS it names or spreads (none: the page adds nothing to the base).
 */
function declaredPaths(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/<ClientMessages\s+paths=\{([^}]*)\}/g)].map((m) => [
    ...[...m[1]!.matchAll(/'([^']+)'/g)].map((q) => q[1]!),
    ...[...m[1]!.matchAll(/SHARED_PAGE_PATHS\.(\w+)/g)].flatMap((q) => {
      const list = (SHARED_PAGE_PATHS as Record<string, readonly string[]>)[q[1]!];
      if (!list) throw new Error(`${file}: no SHARED_PAGE_PATHS.${q[1]}`);
      return [...list];
    }),
  ]);
}

const pages = sources(path.join(ROOT, 'app')).filter((f) => f.endsWith('page.tsx'));
/** Files rendered around every page, under the root layout's messages only. */
const SHELL = [
  'app/layout.tsx',
  'app/(app)/layout.tsx',
  'app/(public)/layout.tsx',
  'app/error.tsx',
  'app/not-found.tsx',
  'app/forbidden.tsx',
];

describe('the messages the browser gets', () => {
  it('include every key that a useTranslations call in app/, components/ or lib/ uses', () => {
    const missing: string[] = [];
    let calls = 0;
    for (const file of ['app', 'components', 'lib'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const keys = usedKeys(readFileSync(file, 'utf8'));
      calls += keys.length;
      for (const key of keys) if (!covered(key)) missing.push(`${path.relative(ROOT, file)}: ${key || '(all)'}`);
    }
    expect(calls).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('include what a record conflict panel shows values with (lib/records/history-text.ts)', () => {
    const namespaces = historyTextKeys();
    expect(namespaces.length).toBeGreaterThan(5);
    expect(namespaces.filter((k) => !covered(k))).toEqual([]);
  });

  it('every path names a part of both catalogues', () => {
    for (const locale of ['km', 'en'] as const) {
      const tree = MESSAGES[locale] as unknown as Record<string, unknown>;
      const absent = CLIENT_MESSAGE_PATHS.filter(
        (p) =>
          p.split('.').reduce<unknown>((t, k) => (t as Record<string, unknown> | undefined)?.[k], tree) === undefined,
      );
      expect(absent, locale).toEqual([]);
    }
  });

  it('are, on each page, what the modules it imports use: no more, no less', () => {
    const wrong: string[] = [];
    for (const file of pages) {
      const { paths, missing } = neededPaths(file);
      wrong.push(...missing.map((m) => `${path.relative(ROOT, file)} reaches ${m}, which no path holds`));
      const needed = [...paths].filter((p) => !(BASE_CLIENT_PATHS as readonly string[]).includes(p)).sort();
      const declared = declaredPaths(file);
      // One provider per page, around all it returns (a second would be a second list to keep right).
      if (declared.length > 1) wrong.push(`${path.relative(ROOT, file)}: ${declared.length} ClientMessages`);
      const named = [...(declared[0] ?? [])].sort();
      if (JSON.stringify(named) !== JSON.stringify(needed))
        wrong.push(`${path.relative(ROOT, file)}: names [${named.join(', ')}], uses [${needed.join(', ')}]`);
    }
    expect(pages.length).toBeGreaterThan(40);
    expect(wrong).toEqual([]);
  });

  it('around every page (layouts, error pages) are the base paths, and they are enough there', () => {
    const needed = new Set<string>();
    for (const file of SHELL) for (const p of neededPaths(path.join(ROOT, file)).paths) needed.add(p);
    expect([...needed].sort()).toEqual([...BASE_CLIENT_PATHS].sort());
    for (const file of SHELL) expect(declaredPaths(path.join(ROOT, file)), file).toEqual([]);
  });

  it('the check sees a client component a page imports, and one imported through a server component', () => {
    // The household page renders ChangeHeadForm (records.head) directly and, through BenefitsSection
    // (a server component), the programme enrolment form (enrolments.section).
    const { paths } = neededPaths(path.join(ROOT, 'app/(app)/households/[id]/page.tsx'));
    expect([...paths]).toEqual(expect.arrayContaining<ClientPath>(['records.head', 'enrolments.section']));
    expect([...paths]).not.toContain('programmes.form');
  });

  it('are a fraction of the catalogue, nested as the catalogue is', () => {
    const km = clientMessages('km', CLIENT_MESSAGE_PATHS) as Record<string, Record<string, unknown>>;
    expect(km.records!.edit).toEqual((MESSAGES.km.records as Record<string, unknown>).edit);
    expect(km.audit).not.toHaveProperty('actions');
    expect(km.ui).not.toHaveProperty('help');
    const size = (o: unknown) => Buffer.byteLength(JSON.stringify(o));
    expect(size(km)).toBeLessThan(size(MESSAGES.km) * 0.7);
    expect(pickMessages({ a: { b: 'x', c: 'y' } }, ['a.b', 'a.missing', 'z'])).toEqual({ a: { b: 'x' } });
    // A page gets the base and its own paths; the sign-in page's are a few kB, not the 52 kB of all.
    const signIn = clientMessages('km', ['signIn']);
    expect(Object.keys(signIn).sort()).toEqual(['errorPages', 'shell', 'signIn']);
    expect(size(signIn)).toBeLessThan(5_000);
  });
});
