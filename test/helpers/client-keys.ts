// What the browser of one page translates with: the message keys of every useTranslations call in the
// modules the page's file reaches through its imports (server components import the client ones). Used
// by test/client-messages.test.ts to check each page's ClientMessages paths (lib/i18n/client-messages.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_MESSAGE_PATHS, type ClientPath } from '@/lib/i18n/client-messages';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Every key (or key prefix, or whole namespace) that a file's useTranslations calls may translate. */
export function usedKeys(text: string): string[] {
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

/** The namespaces lib/records/history-text.ts translates values with (a translator handed to it). */
export function historyTextKeys(): string[] {
  const text = readFileSync(path.join(ROOT, 'lib/records/history-text.ts'), 'utf8');
  return [...text.matchAll(/'((?:records|audit|enrol|sexes|relationships|maritalStatuses|wg\w+)[\w.]*)'/g)]
    .map((m) => m[1]!)
    .concat([...text.matchAll(/`((?:records|audit|enrol)[\w.]*)\.\$\{/g)].map((m) => m[1]!));
}

/** A file's keys, counting a whole translator handed to history-text as the keys history-text uses. */
export function fileKeys(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const keys = usedKeys(text);
  if (/looseTranslator\(useTranslations\(\)\)/.test(text)) keys.push(...historyTextKeys());
  return keys;
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ])
    if (/\.(ts|tsx)$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** The project's own modules `entry` reaches through static and dynamic imports, itself included. */
export function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const next = resolve(file, m[1]!);
      if (next && !seen.has(next)) stack.push(next);
    }
  }
  return seen;
}

/** The path of CLIENT_MESSAGE_PATHS that holds `key` (undefined: none does). */
export function pathOf(key: string): ClientPath | undefined {
  return CLIENT_MESSAGE_PATHS.find((p) => key === p || key.startsWith(`${p}.`));
}

/** The paths that the modules `entry` reaches translate with; keys no path holds go to `missing`. */
export function neededPaths(entry: string): { paths: Set<ClientPath>; missing: string[] } {
  const paths = new Set<ClientPath>();
  const missing: string[] = [];
  for (const file of reachable(entry))
    for (const key of fileKeys(file)) {
      const p = pathOf(key);
      if (p) paths.add(p);
      else missing.push(`${path.relative(ROOT, file)}: ${key || '(all)'}`);
    }
  return { paths, missing };
}
