// The browser gets only CLIENT_MESSAGE_PATHS of the catalogue (lib/i18n/client-messages.ts). A
// client component translating with a key outside them would show the key's path instead of text,
// so every useTranslations call of the code base is read here and each key it uses must be inside.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_MESSAGE_PATHS, clientMessages, pickMessages } from '@/lib/i18n/client-messages';
import { MESSAGES } from '@/messages';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const covered = (key: string) => CLIENT_MESSAGE_PATHS.some((p) => key === p || key.startsWith(`${p}.`));

/** Every key (or key prefix, or whole namespace) that a file's useTranslations calls may translate. */
function usedKeys(text: string): string[] {
  const keys: string[] = [];
  for (const m of text.matchAll(/const (\w+) = useTranslations\((?:'([^']*)')?\)/g)) {
    const [, name, ns = ''] = m;
    const join = (k: string) => (ns ? (k ? `${ns}.${k}` : ns) : k);
    const uses = [...text.matchAll(new RegExp(`\\b${name}\\b(\\.(?:rich|has|markup|raw))?(\\()?`, 'g'))];
    for (const use of uses) {
      const at = use.index! + use[0].length;
      if (text.slice(use.index!, at).startsWith(`${name} = useTranslations`)) continue;
      if (!use[2]) {
        // Passed on or stored: whatever it is used for later, the whole namespace must be there.
        if (!/^\s*=/.test(text.slice(at))) keys.push(join(''));
        continue;
      }
      const literal = /^\s*'([^']*)'/.exec(text.slice(at)) ?? /^\s*`([^`$]*)/.exec(text.slice(at));
      // A key made at run time: the part before the first ${…}, without its trailing dot.
      keys.push(join(literal ? literal[1]!.replace(/\.$/, '') : ''));
    }
  }
  return keys;
}

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
    const text = readFileSync(path.join(ROOT, 'lib/records/history-text.ts'), 'utf8');
    const namespaces = [
      ...text.matchAll(/'((?:records|audit|enrol|sexes|relationships|maritalStatuses|wg\w+)[\w.]*)'/g),
    ]
      .map((m) => m[1]!)
      .concat([...text.matchAll(/`((?:records|audit|enrol)[\w.]*)\.\$\{/g)].map((m) => m[1]!));
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

  it('are a fraction of the catalogue, nested as the catalogue is', () => {
    const km = clientMessages('km') as Record<string, Record<string, unknown>>;
    expect(km.records!.edit).toEqual((MESSAGES.km.records as Record<string, unknown>).edit);
    expect(km.audit).not.toHaveProperty('actions');
    expect(km.ui).not.toHaveProperty('help');
    const size = (o: unknown) => Buffer.byteLength(JSON.stringify(o));
    expect(size(km)).toBeLessThan(size(MESSAGES.km) * 0.7);
    expect(pickMessages({ a: { b: 'x', c: 'y' } }, ['a.b', 'a.missing', 'z'])).toEqual({ a: { b: 'x' } });
  });
});
